// The collaboration server's SQLite writer, on its own thread: commits (with fsync, synchronous =
// FULL) happen here so they never block the event loop that relays edits. Plain JavaScript so it
// runs the same under tsx, vitest and plain node. Driven by db/queries/document-writer.ts; the
// statements mirror db/queries/document-state.ts.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const db = new Database(workerData.path);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 5000");

const buf = (u8) => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
const insertUpdate = db.prepare("insert into document_updates (document_id, data, user_id, created_at) values (?, ?, ?, ?)");
const upsertSnapshot = db.prepare(
  "insert into document_snapshots (document_id, data, last_seq, updated_at) values (?, ?, ?, ?) " +
    "on conflict (document_id) do update set data = excluded.data, last_seq = excluded.last_seq, updated_at = excluded.updated_at " +
    "where document_snapshots.last_seq < excluded.last_seq",
);
const deleteCovered = db.prepare("delete from document_updates where document_id = ? and seq <= ?");
const setPlainText = db.prepare("update documents set plain_text = ? where id = ?");
const setEdited = db.prepare("update documents set plain_text = coalesce(?, plain_text), last_edited_at = ?, last_edited_by = ?, updated_at = ? where id = ?");

const append = db.transaction((rows, createdAt) =>
  rows.map((r) => Number(insertUpdate.run(r.documentId, buf(r.data), r.userId, createdAt).lastInsertRowid)),
);
const compact = db.transaction((documentId, s) => {
  upsertSnapshot.run(documentId, buf(s.data), s.lastSeq, new Date().toISOString());
  deleteCovered.run(documentId, s.lastSeq);
  if (s.edited) setEdited.run(s.plainText, s.edited.at, s.edited.by, s.edited.at, documentId);
  else setPlainText.run(s.plainText, documentId);
});

parentPort.on("message", ({ id, op, args }) => {
  try {
    let result = null;
    if (op === "append") result = append(args.rows, new Date().toISOString());
    else if (op === "compact") compact(args.documentId, args.state);
    else if (op === "touch") setEdited.run(args.edit.plainText ?? null, args.edit.at, args.edit.by, args.edit.at, args.documentId);
    else if (op === "close") {
      db.close();
      parentPort.postMessage({ id, ok: true, result: null });
      return void parentPort.close();
    } else throw new Error(`unknown op ${op}`);
    parentPort.postMessage({ id, ok: true, result });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
