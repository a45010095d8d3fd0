import type { Insertable } from "kysely";
import type { DocumentVersionTable } from "../schema";
import type { Executor } from "./users";

/** Version metadata with names, for lists (no content columns). */
export interface VersionListRow {
  id: string;
  document_id: string;
  document_title: string;
  number: number;
  label: string;
  note: string | null;
  published_at: string;
  published_by: string;
  published_by_name: string | null;
  withdrawn_at: string | null;
  withdrawn_reason: string | null;
  withdrawn_by_name: string | null;
}

function versionsWithNames(db: Executor) {
  return db
    .selectFrom("document_versions")
    .innerJoin("documents", "documents.id", "document_versions.document_id")
    .leftJoin("users", "users.id", "document_versions.published_by")
    .leftJoin("users as withdrawer", "withdrawer.id", "document_versions.withdrawn_by")
    .select([
      "document_versions.id",
      "document_versions.document_id",
      "documents.title as document_title",
      "document_versions.number",
      "document_versions.label",
      "document_versions.note",
      "document_versions.published_at",
      "document_versions.published_by",
      "users.name as published_by_name",
      "document_versions.withdrawn_at",
      "document_versions.withdrawn_reason",
      "withdrawer.name as withdrawn_by_name",
    ]);
}

/** A coalition's published versions, newest first. */
export function listCoalitionVersions(db: Executor, coalitionId: string): Promise<VersionListRow[]> {
  return versionsWithNames(db)
    .where("document_versions.coalition_id", "=", coalitionId)
    .orderBy("document_versions.published_at", "desc")
    .orderBy("document_versions.number", "desc")
    .execute();
}

/** One document's versions, newest (highest number) first. */
export function listDocumentVersions(db: Executor, documentId: string): Promise<VersionListRow[]> {
  return versionsWithNames(db).where("document_versions.document_id", "=", documentId).orderBy("document_versions.number", "desc").execute();
}

/** One version of a coalition with its content, or undefined. */
export function findVersion(db: Executor, coalitionId: string, versionId: string) {
  return versionsWithNames(db)
    .select(["document_versions.html", "document_versions.plain_text", "document_versions.state"])
    .where("document_versions.coalition_id", "=", coalitionId)
    .where("document_versions.id", "=", versionId)
    .executeTakeFirst();
}

/** The next version number of a document (max + 1); call inside the inserting transaction. */
export async function nextVersionNumber(db: Executor, documentId: string): Promise<number> {
  const row = await db
    .selectFrom("document_versions")
    .select((eb) => eb.fn.max("number").as("max"))
    .where("document_id", "=", documentId)
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

export async function insertVersion(
  db: Executor,
  row: Insertable<DocumentVersionTable>,
): Promise<void> {
  const state = Buffer.isBuffer(row.state) ? row.state : Buffer.from(row.state.buffer, row.state.byteOffset, row.state.byteLength);
  await db.insertInto("document_versions").values({ ...row, state }).execute();
}

/** Marks a version withdrawn (once: a version already withdrawn is left as it is). Returns whether it changed. */
export async function markVersionWithdrawn(db: Executor, versionId: string, input: { at: string; by: string; reason: string }): Promise<boolean> {
  const result = await db
    .updateTable("document_versions")
    .set({ withdrawn_at: input.at, withdrawn_by: input.by, withdrawn_reason: input.reason })
    .where("id", "=", versionId)
    .where("withdrawn_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
