import type { Executor } from "./users";

/** Keeps the draft's state from just before a restore (migration 0012). */
export async function insertCheckpoint(
  db: Executor,
  row: { id: string; document_id: string; version_id: string | null; state: Uint8Array; created_by: string | null; created_at: string },
): Promise<void> {
  const state = Buffer.isBuffer(row.state) ? row.state : Buffer.from(row.state.buffer, row.state.byteOffset, row.state.byteLength);
  await db.insertInto("document_checkpoints").values({ ...row, reason: "restore", state, undone_at: null }).execute();
}

/** One checkpoint of a document, or undefined. */
export function findCheckpoint(db: Executor, documentId: string, checkpointId: string) {
  return db.selectFrom("document_checkpoints").selectAll().where("document_id", "=", documentId).where("id", "=", checkpointId).executeTakeFirst();
}

/** Marks a checkpoint used (once); returns whether this call did. */
export async function markCheckpointUndone(db: Executor, checkpointId: string, at: string): Promise<boolean> {
  const result = await db.updateTable("document_checkpoints").set({ undone_at: at }).where("id", "=", checkpointId).where("undone_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
