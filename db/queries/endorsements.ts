import type { Insertable } from "kysely";
import type { EndorsementTable, RegionId, StakeholderGroupId } from "../schema";
import type { Executor } from "./users";

// Endorsements of published versions (migration 0025). A person has at most one active
// (not withdrawn) endorsement per version: the partial unique index says so, whatever races.

/** An endorsement as pages and exports show it: the person's name and handle, never their email. */
export interface EndorsementRow {
  id: string;
  version_id: string;
  user_id: string;
  name: string;
  handle: string;
  organisation: string | null;
  /** The organisation's group, or (endorsing as oneself) the person's profile group. */
  stakeholder_group: StakeholderGroupId | null;
  region: RegionId | null;
  verified_at: string | null;
  reconfirms_id: string | null;
  created_at: string;
}

export async function insertEndorsement(db: Executor, row: Insertable<EndorsementTable>): Promise<void> {
  await db.insertInto("endorsements").values(row).execute();
}

/** The person's active endorsement of the version, if any. */
export function findActiveEndorsement(db: Executor, versionId: string, userId: string) {
  return db.selectFrom("endorsements").selectAll().where("version_id", "=", versionId).where("user_id", "=", userId).where("withdrawn_at", "is", null).executeTakeFirst();
}

export function findEndorsement(db: Executor, versionId: string, id: string) {
  return db.selectFrom("endorsements").selectAll().where("version_id", "=", versionId).where("id", "=", id).executeTakeFirst();
}

/** Marks the person's active endorsement withdrawn; returns it when there was one. */
export async function markEndorsementWithdrawn(db: Executor, versionId: string, userId: string, at: string) {
  const active = await findActiveEndorsement(db, versionId, userId);
  if (!active) return undefined;
  const done = await db.updateTable("endorsements").set({ withdrawn_at: at }).where("id", "=", active.id).where("withdrawn_at", "is", null).executeTakeFirst();
  return Number(done.numUpdatedRows) === 1 ? active : undefined;
}

/** Sets or clears an active organisation endorsement's verification; false when nothing changed. */
export async function setEndorsementVerified(db: Executor, id: string, verified: { at: string; by: string } | null): Promise<boolean> {
  let q = db
    .updateTable("endorsements")
    .set(verified ? { verified_at: verified.at, verified_by: verified.by } : { verified_at: null, verified_by: null })
    .where("id", "=", id)
    .where("withdrawn_at", "is", null)
    .where("organisation", "is not", null);
  q = verified ? q.where("verified_at", "is", null) : q.where("verified_at", "is not", null);
  const done = await q.executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

/** A version's active endorsements, oldest first, optionally of one stakeholder group. */
export function listActiveEndorsements(db: Executor, versionId: string, group?: StakeholderGroupId | null): Promise<EndorsementRow[]> {
  let q = db
    .selectFrom("endorsements as e")
    .innerJoin("users as u", "u.id", "e.user_id")
    .select((eb) => [
      "e.id",
      "e.version_id",
      "e.user_id",
      "u.name",
      "u.handle",
      "e.organisation",
      eb.fn.coalesce("e.stakeholder_group", "u.stakeholder_group").as("stakeholder_group"),
      eb.fn.coalesce("e.region", "u.region").as("region"),
      "e.verified_at",
      "e.reconfirms_id",
      "e.created_at",
    ])
    .where("e.version_id", "=", versionId)
    .where("e.withdrawn_at", "is", null);
  if (group) q = q.where((eb) => eb.fn.coalesce("e.stakeholder_group", "u.stakeholder_group"), "=", group);
  return q.orderBy("e.created_at").orderBy("e.id").execute() as Promise<EndorsementRow[]>;
}

/** How many active endorsements a version has per stakeholder group (null: not stated). */
export async function countEndorsementsByGroup(db: Executor, versionId: string): Promise<Array<{ group: StakeholderGroupId | null; n: number }>> {
  const rows = await db
    .selectFrom("endorsements as e")
    .innerJoin("users as u", "u.id", "e.user_id")
    .select((eb) => [eb.fn.coalesce("e.stakeholder_group", "u.stakeholder_group").as("group"), eb.fn.countAll<number>().as("n")])
    .where("e.version_id", "=", versionId)
    .where("e.withdrawn_at", "is", null)
    .groupBy((eb) => eb.fn.coalesce("e.stakeholder_group", "u.stakeholder_group"))
    .execute();
  return rows.map((r) => ({ group: (r.group ?? null) as StakeholderGroupId | null, n: Number(r.n) }));
}

/** The version of the same document published just before this one (by number), if any. */
export function findPreviousVersion(db: Executor, versionId: string) {
  return db
    .selectFrom("document_versions as v")
    .innerJoin("document_versions as p", (j) => j.onRef("p.document_id", "=", "v.document_id").onRef("p.number", "<", "v.number"))
    .select(["p.id", "p.number", "p.withdrawn_at"])
    .where("v.id", "=", versionId)
    .orderBy("p.number", "desc")
    .limit(1)
    .executeTakeFirst();
}

/**
 * Re-confirmation of a version: of the people with an active endorsement of the previous
 * version, how many (k) have an active one of this version too, and how many there are (m).
 */
export async function countReconfirmed(db: Executor, versionId: string, previousId: string): Promise<{ reconfirmed: number; endorsers: number }> {
  const row = await db
    .selectFrom("endorsements as old")
    .leftJoin("endorsements as cur", (j) => j.onRef("cur.user_id", "=", "old.user_id").on("cur.version_id", "=", versionId).on("cur.withdrawn_at", "is", null))
    .select((eb) => [eb.fn.countAll<number>().as("endorsers"), eb.fn.count<number>("cur.id").as("reconfirmed")])
    .where("old.version_id", "=", previousId)
    .where("old.withdrawn_at", "is", null)
    .executeTakeFirstOrThrow();
  return { reconfirmed: Number(row.reconfirmed), endorsers: Number(row.endorsers) };
}

/** The people with an active endorsement of a version (whom a newer version asks to re-confirm). */
export function listActiveEndorsers(db: Executor, versionId: string) {
  return db.selectFrom("endorsements").select(["id", "user_id"]).where("version_id", "=", versionId).where("withdrawn_at", "is", null).orderBy("created_at").execute();
}
