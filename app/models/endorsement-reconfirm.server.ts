import { findCoalitionById } from "../../db/queries/coalitions";
import { findPreviousVersion } from "../../db/queries/endorsements";
import type { Executor } from "../../db/queries/users";
import { can, principalRoles, type CoalitionRole } from "../lib/permissions";
import { coalitionState } from "./access.server";
import { notify } from "./notifications.server";

// Issue 24: when a newer version of a document is published, the people who endorse the version
// before it are asked to re-confirm on the new one. Nothing carries over: the new version starts
// with no endorsements, and each of them gets a notification (and, through their mail choice for
// the coalition, its mail) linking to the new version, where one button re-confirms. Run by the
// job runner (`endorsements:reconfirm`, queued with the publication); the whole fan-out is one
// transaction, so a retry never notifies anyone twice.

/** Notifies each active endorser of the previous version who may endorse the new one; returns how many. */
export async function askToReconfirm(db: Executor, versionId: string): Promise<number> {
  const version = await db
    .selectFrom("document_versions as v")
    .innerJoin("documents as d", "d.id", "v.document_id")
    .select(["v.id", "v.coalition_id", "v.number", "v.label", "v.withdrawn_at", "d.title"])
    .where("v.id", "=", versionId)
    .executeTakeFirst();
  if (!version || version.withdrawn_at) return 0;
  const coalition = await findCoalitionById(db, version.coalition_id);
  if (!coalition) return 0;
  const previous = await findPreviousVersion(db, versionId);
  if (!previous) return 0;
  const endorsers = await db
    .selectFrom("endorsements as e")
    .innerJoin("users as u", "u.id", "e.user_id")
    .leftJoin("memberships as m", (j) => j.onRef("m.user_id", "=", "e.user_id").on("m.coalition_id", "=", coalition.id))
    .select(["e.user_id", "u.is_site_admin", "m.role"])
    .where("e.version_id", "=", previous.id)
    .where("e.withdrawn_at", "is", null)
    .orderBy("e.created_at")
    .execute();
  let asked = 0;
  for (const e of endorsers) {
    // Only those who may still endorse it (a private coalition's former members are not told of its new text).
    const roles = principalRoles({ signedIn: true, isSiteAdmin: Boolean(e.is_site_admin), membershipRole: (e.role as CoalitionRole | null) ?? null });
    if (!can(roles, "endorsement:create", coalitionState(coalition))) continue;
    await notify(
      e.user_id,
      {
        kind: "endorsement",
        message: { id: "endorsements.notify.reconfirm", values: { title: version.title, number: Number(version.number), previous: Number(previous.number) } },
        link: `/coalitions/${coalition.slug}/outputs/${version.id}#endorsements`,
      },
      db,
    );
    asked++;
  }
  return asked;
}
