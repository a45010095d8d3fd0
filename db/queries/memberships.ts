import type { ExpressionBuilder } from "kysely";
import { ROLE_RANK } from "../../common/roles";
import type { CoalitionRole, Database, Membership } from "../schema";
import type { Executor } from "./users";

/** A user's membership in a coalition, if any. */
export function findMembership(db: Executor, coalitionId: string, userId: string): Promise<Membership | undefined> {
  return db
    .selectFrom("memberships")
    .selectAll()
    .where("coalition_id", "=", coalitionId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
}

export async function insertMembership(
  db: Executor,
  row: { id: string; coalition_id: string; user_id: string; role: CoalitionRole; created_at: string; updated_at: string },
): Promise<void> {
  await db.insertInto("memberships").values(row).execute();
}


/**
 * Takes the coalition's write lock for the rest of the transaction: an UPDATE that changes
 * nothing still row-locks on PostgreSQL and takes SQLite's write lock (like BEGIN IMMEDIATE),
 * so membership checks and writes of one coalition never interleave, on either database.
 */
export async function lockCoalition(db: Executor, coalitionId: string): Promise<boolean> {
  const res = await db
    .updateTable("coalitions")
    .set((eb) => ({ id: eb.ref("id") }))
    .where("id", "=", coalitionId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export function findMembershipById(db: Executor, coalitionId: string, membershipId: string): Promise<Membership | undefined> {
  return db
    .selectFrom("memberships")
    .selectAll()
    .where("id", "=", membershipId)
    .where("coalition_id", "=", coalitionId)
    .executeTakeFirst();
}

export async function countCoordinators(db: Executor, coalitionId: string): Promise<number> {
  const row = await db
    .selectFrom("memberships")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("coalition_id", "=", coalitionId)
    .where("role", "=", "coordinator")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The user ids of a coalition's coordinators. */
export async function listCoordinatorIds(db: Executor, coalitionId: string): Promise<string[]> {
  const rows = await db.selectFrom("memberships").select("user_id").where("coalition_id", "=", coalitionId).where("role", "=", "coordinator").execute();
  return rows.map((r) => r.user_id);
}

/** Sets a membership's role; the number of rows changed (0 when it is gone). */
export async function updateMembershipRole(db: Executor, coalitionId: string, membershipId: string, role: CoalitionRole, at: string): Promise<number> {
  const res = await db
    .updateTable("memberships")
    .set({ role, updated_at: at })
    .where("id", "=", membershipId)
    .where("coalition_id", "=", coalitionId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function deleteMembership(db: Executor, coalitionId: string, membershipId: string): Promise<number> {
  const res = await db.deleteFrom("memberships").where("id", "=", membershipId).where("coalition_id", "=", coalitionId).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/**
 * A coalition's members with their profile, coordinators first. Organization and
 * stakeholder group fall back to what the person gave in their latest join request.
 */
export async function listMembers(db: Executor, coalitionId: string) {
  const rows = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select([
      "m.id",
      "m.user_id",
      "m.role",
      "m.created_at",
      "u.name",
      "u.handle",
      "u.email",
      "u.region",
      "u.organization as profile_organization",
      "u.stakeholder_group as profile_group",
    ])
    .select((eb) => [
      latestRequest(eb, "organization").as("request_organization"),
      latestRequest(eb, "stakeholder_group").as("request_group"),
    ])
    .where("m.coalition_id", "=", coalitionId)
    .execute();
  return rows
    .map((r) => ({
      id: r.id,
      userId: r.user_id,
      role: r.role,
      since: r.created_at,
      name: r.name,
      handle: r.handle,
      email: r.email,
      region: r.region,
      organization: r.profile_organization || r.request_organization || null,
      stakeholderGroup: r.profile_group || r.request_group || null,
    }))
    .sort((a, b) => ROLE_RANK[b.role] - ROLE_RANK[a.role] || a.name.localeCompare(b.name));
}

/** The given field of the member's latest join request (a correlated subquery on `m`). */
function latestRequest(eb: ExpressionBuilder<Database & { m: Database["memberships"] }, "m">, column: "organization" | "stakeholder_group") {
  return eb
    .selectFrom("join_requests as jr")
    .select(`jr.${column}` as "jr.organization" | "jr.stakeholder_group")
    .whereRef("jr.coalition_id", "=", "m.coalition_id")
    .whereRef("jr.user_id", "=", "m.user_id")
    .orderBy("jr.created_at", "desc")
    .limit(1);
}

/**
 * Stakeholder group and region of every member of the given coalitions (group falls back
 * to the latest join request), for the balance charts and the directory.
 */
export async function listMemberGroups(db: Executor, coalitionIds: readonly string[]) {
  if (coalitionIds.length === 0) return [];
  const rows = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["m.coalition_id", "u.region", "u.stakeholder_group as profile_group"])
    .select((eb) =>
      latestRequest(eb, "stakeholder_group").as("request_group"),
    )
    .where("m.coalition_id", "in", coalitionIds)
    .execute();
  return rows.map((r) => ({ coalitionId: r.coalition_id, region: r.region, stakeholderGroup: r.profile_group || r.request_group || null }));
}

/** The membership of the account with this (lower-cased) email, if any. */
export function findMembershipByEmail(db: Executor, coalitionId: string, email: string) {
  return db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["memberships.id", "memberships.role"])
    .where("memberships.coalition_id", "=", coalitionId)
    .where("users.email", "=", email.toLowerCase())
    .executeTakeFirst();
}

/**
 * The coalition's people whose handle starts with, or whose name contains, `query` (already
 * lower-cased, without LIKE's `%`; `_` may over-match, the caller filters), for mention
 * autocomplete. Handle, name and organisation only: never the email.
 */
export function findMentionCandidates(db: Executor, coalitionId: string, query: string, limit: number) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.handle", "u.name", "u.organization"])
    .where("m.coalition_id", "=", coalitionId)
    .where("u.handle", "is not", null)
    .where((eb) => eb.or([eb("u.handle", "like", `${query}%`), eb(eb.fn("lower", ["u.name"]), "like", `%${query}%`)]))
    .orderBy("u.handle")
    .limit(limit)
    .execute();
}
