import { expect } from "vitest";
import { getDb } from "../../db/client";
import { findCoalitionBySlug } from "../../db/queries/coalitions";
import { accessFor } from "../../app/models/access.server";
import { requireVersion } from "../../app/models/versions.server";
import { clientAs } from "./http";
import type { TestUser } from "./factories";

// Shared by the endorsement tests (issue 24).

/** What a model function needs to act as this user (null: a visitor) in the coalition. */
export async function accessAs(slug: string, user: (TestUser & { isSiteAdmin?: boolean }) | null) {
  const row = (await findCoalitionBySlug(getDb(), slug))!;
  return accessFor(row, user ? { id: user.id, email: user.email, name: user.name, organization: null, stakeholder_group: null, region: null, language: null, isSiteAdmin: Boolean(user.isSiteAdmin) } : null);
}

/** Publishes the document's current state as a coordinator would (through HTTP); returns the version id. */
export async function publishAs(baseUrl: string, coordinator: TestUser, slug: string, documentId: string, label: string): Promise<string> {
  const res = await (await clientAs(baseUrl, coordinator.id)).post(`/coalitions/${slug}/documents/${documentId}?index`, { intent: "publish", label, confirm: "yes" });
  expect(res.status).toBe(200);
  const row = await getDb().selectFrom("document_versions").select(["id"]).where("document_id", "=", documentId).where("label", "=", label).executeTakeFirstOrThrow();
  return row.id;
}

export async function versionOf(coalitionId: string, versionId: string) {
  return requireVersion(coalitionId, versionId);
}

/** The version's endorsement rows, oldest first (withdrawn ones too). */
export function endorsementRows(versionId: string) {
  return getDb().selectFrom("endorsements").selectAll().where("version_id", "=", versionId).orderBy("created_at").orderBy("id").execute();
}
