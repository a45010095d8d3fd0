import type { Executor } from "./users";

/**
 * Of the given session hashes, those that still exist and have not expired (the collaboration
 * server sweeps its open sockets with this, one query for all of them).
 */
export async function liveSessionHashes(db: Executor, hashes: string[], nowIso: string): Promise<Set<string>> {
  const live = new Set<string>();
  for (let i = 0; i < hashes.length; i += 500) {
    const rows = await db
      .selectFrom("sessions")
      .select("id")
      .where("id", "in", hashes.slice(i, i + 500))
      .where("expires_at", ">", nowIso)
      .execute();
    for (const r of rows) live.add(r.id);
  }
  return live;
}

/** When a session expires now (it may have been extended since a socket opened), or null when it is gone. */
export async function sessionExpiry(db: Executor, hash: string): Promise<Date | null> {
  const row = await db.selectFrom("sessions").select("expires_at").where("id", "=", hash).executeTakeFirst();
  return row ? new Date(row.expires_at) : null;
}
