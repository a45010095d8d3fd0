import { sql } from "kysely";
import type { CoalitionRole, JoinRequest, RegionId } from "../schema";
import type { Executor } from "./users";

export async function insertJoinRequest(
  db: Executor,
  row: Pick<JoinRequest, "id" | "coalition_id" | "user_id" | "statement" | "stakeholder_group" | "organization" | "region" | "created_at">,
): Promise<void> {
  await db
    .insertInto("join_requests")
    .values({ ...row, status: "pending", decided_by: null, decided_role: null, decision_reason: null, decided_at: null })
    .execute();
}

export function findJoinRequest(db: Executor, coalitionId: string, requestId: string): Promise<JoinRequest | undefined> {
  return db.selectFrom("join_requests").selectAll().where("id", "=", requestId).where("coalition_id", "=", coalitionId).executeTakeFirst();
}

export function findPendingRequest(db: Executor, coalitionId: string, userId: string): Promise<JoinRequest | undefined> {
  return db
    .selectFrom("join_requests")
    .selectAll()
    .where("coalition_id", "=", coalitionId)
    .where("user_id", "=", userId)
    .where("status", "=", "pending")
    .executeTakeFirst();
}

/** The person's most recent request to this coalition, whatever its state. */
export function findLatestRequest(db: Executor, coalitionId: string, userId: string): Promise<JoinRequest | undefined> {
  return db
    .selectFrom("join_requests")
    .selectAll()
    .where("coalition_id", "=", coalitionId)
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}

/**
 * Moves a pending request to a decided state. Conditional on it still being pending, so of
 * two concurrent decisions only one changes a row; returns the number of rows changed.
 */
export async function decideJoinRequest(
  db: Executor,
  coalitionId: string,
  requestId: string,
  decision: { status: "approved" | "declined" | "withdrawn"; decided_by: string; decided_role: CoalitionRole | null; decision_reason: string | null; decided_at: string },
): Promise<number> {
  const res = await db
    .updateTable("join_requests")
    .set(decision)
    .where("id", "=", requestId)
    .where("coalition_id", "=", coalitionId)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Pending requests with the requester's name and email, oldest first. */
export function listPendingRequests(db: Executor, coalitionId: string) {
  return db
    .selectFrom("join_requests as jr")
    .innerJoin("users as u", "u.id", "jr.user_id")
    .select(["jr.id", "jr.user_id", "jr.statement", "jr.stakeholder_group", "jr.organization", "jr.created_at", "u.name", "u.email"])
    // The region the request stated; the profile's for requests made before it was asked.
    .select(sql<RegionId | null>`COALESCE(jr.region, u.region)`.as("region"))
    .where("jr.coalition_id", "=", coalitionId)
    .where("jr.status", "=", "pending")
    .orderBy("jr.created_at", "asc")
    .execute();
}

/** Pending requests per coalition, for the given coalitions (those with none are absent). */
export async function countPendingRequests(db: Executor, coalitionIds: readonly string[]): Promise<Map<string, number>> {
  if (!coalitionIds.length) return new Map();
  const rows = await db
    .selectFrom("join_requests")
    .select(["coalition_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("coalition_id", "in", coalitionIds)
    .where("status", "=", "pending")
    .groupBy("coalition_id")
    .execute();
  return new Map(rows.map((r) => [r.coalition_id, Number(r.n)]));
}

/** Pending requests in these coalitions, newest first, with the requester's name and the coalition. */
export function listPendingRequestsIn(db: Executor, coalitionIds: readonly string[], limit: number) {
  if (!coalitionIds.length) return Promise.resolve([]);
  return db
    .selectFrom("join_requests as jr")
    .innerJoin("users as u", "u.id", "jr.user_id")
    .innerJoin("coalitions as c", "c.id", "jr.coalition_id")
    .select(["jr.id", "jr.user_id", "jr.created_at", "u.name", "c.slug", "c.name as coalition_name"])
    .where("jr.coalition_id", "in", coalitionIds)
    .where("jr.status", "=", "pending")
    .orderBy("jr.created_at", "desc")
    .limit(limit)
    .execute();
}
