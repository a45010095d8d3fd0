import { bytes, toBuffer } from "./document-state";
import type { Executor } from "./users";

/** The kept days of a document, oldest first. */
export async function listDayStates(db: Executor, documentId: string) {
  const rows = await db.selectFrom("document_day_states").select(["day", "state", "user_ids"]).where("document_id", "=", documentId).orderBy("day").execute();
  return rows.map((r) => ({ day: r.day, state: bytes(r.state), userIds: JSON.parse(r.user_ids) as string[] }));
}

/** Keeps these days' states; a day already kept stays as it is. */
export async function insertDayStates(db: Executor, documentId: string, days: { day: string; state: Uint8Array; userIds: string[] }[], at: string): Promise<void> {
  if (days.length === 0) return;
  await db
    .insertInto("document_day_states")
    .values(days.map((d) => ({ document_id: documentId, day: d.day, state: toBuffer(d.state), user_ids: JSON.stringify(d.userIds), created_at: at })))
    .onConflict((oc) => oc.columns(["document_id", "day"]).doNothing())
    .execute();
}

/** The days already kept for a document. */
export async function listKeptDays(db: Executor, documentId: string): Promise<Set<string>> {
  const rows = await db.selectFrom("document_day_states").select("day").where("document_id", "=", documentId).execute();
  return new Set(rows.map((r) => r.day));
}

/** The latest kept state before a day, or null. */
export async function latestDayStateBefore(db: Executor, documentId: string, day: string): Promise<Uint8Array | null> {
  const row = await db.selectFrom("document_day_states").select("state").where("document_id", "=", documentId).where("day", "<", day).orderBy("day", "desc").limit(1).executeTakeFirst();
  return row ? bytes(row.state) : null;
}
