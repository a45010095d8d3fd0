import type { Executor } from "./users";

export interface SessionRow {
  id: string;
  user_id: string;
  expires_at: string;
  created_at: string;
}

/** Session ids here are always the SHA-256 hashes; callers hash the token first. */
export async function insertSession(db: Executor, row: SessionRow): Promise<void> {
  await db.insertInto("sessions").values(row).execute();
}

export function findSessionWithUser(db: Executor, idHash: string) {
  return db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id as session_id",
      "sessions.expires_at",
      "users.id",
      "users.email",
      "users.name",
      "users.organization",
      "users.stakeholder_group",
      "users.region",
      "users.language",
      "users.is_site_admin",
    ])
    .where("sessions.id", "=", idHash)
    .executeTakeFirst();
}

export function listUserSessions(db: Executor, userId: string) {
  return db.selectFrom("sessions").selectAll().where("user_id", "=", userId).execute();
}

export async function updateSessionExpiry(db: Executor, idHash: string, expiresAt: string): Promise<void> {
  await db.updateTable("sessions").set({ expires_at: expiresAt }).where("id", "=", idHash).execute();
}

export async function deleteSession(db: Executor, idHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", idHash).execute();
}

export async function deleteUserSessions(db: Executor, userId: string, exceptIdHash?: string): Promise<void> {
  let q = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (exceptIdHash) q = q.where("id", "!=", exceptIdHash);
  await q.execute();
}

export async function deleteExpiredSessions(db: Executor, nowIso: string): Promise<void> {
  await db.deleteFrom("sessions").where("expires_at", "<=", nowIso).execute();
}

/**
 * Notes a session's use (issue 27): its device and coarse network, and the time, written only when
 * the stored time is older than `staleBefore` (so several instances write at most once a period).
 */
export async function touchSession(db: Executor, idHash: string, use: { at: string; staleBefore: string; userAgent: string | null; networkHint: string | null }): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ last_used_at: use.at, user_agent: use.userAgent, network_hint: use.networkHint })
    .where("id", "=", idHash)
    .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", use.staleBefore)]))
    .execute();
}

/** Deletes one session of a user; returns whether it was theirs and existed. */
export async function deleteUserSession(db: Executor, userId: string, idHash: string): Promise<boolean> {
  const result = await db.deleteFrom("sessions").where("user_id", "=", userId).where("id", "=", idHash).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
