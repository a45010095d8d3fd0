import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { DayStateEncoding } from "../schema";
import { bytes } from "./document-state";
import type { Executor } from "./users";

// A kept day's state is stored compressed (migration 0036); rows kept before that hold the update's
// bytes as they are. Both are read back as the Yjs state.

function stored(state: Uint8Array): { state: Buffer; encoding: DayStateEncoding } {
  return { state: deflateRawSync(state), encoding: "deflate" };
}

function readState(row: { state: Uint8Array; encoding: DayStateEncoding }): Uint8Array {
  const data = bytes(row.state);
  return row.encoding === "deflate" ? new Uint8Array(inflateRawSync(data)) : data;
}

/** The kept days of a document, oldest first. */
export async function listDayStates(db: Executor, documentId: string) {
  const rows = await db.selectFrom("document_day_states").select(["day", "state", "encoding", "user_ids"]).where("document_id", "=", documentId).orderBy("day").execute();
  return rows.map((r) => ({ day: r.day, state: readState(r), userIds: JSON.parse(r.user_ids) as string[] }));
}

/** Keeps these days' states; a day already kept stays as it is. */
export async function insertDayStates(db: Executor, documentId: string, days: { day: string; state: Uint8Array; userIds: string[] }[], at: string): Promise<void> {
  if (days.length === 0) return;
  await db
    .insertInto("document_day_states")
    .values(days.map((d) => ({ document_id: documentId, day: d.day, ...stored(d.state), user_ids: JSON.stringify(d.userIds), created_at: at })))
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
  const row = await db.selectFrom("document_day_states").select(["state", "encoding"]).where("document_id", "=", documentId).where("day", "<", day).orderBy("day", "desc").limit(1).executeTakeFirst();
  return row ? readState(row) : null;
}
