// @ts-check
// The collaboration server's SQLite writes on a dedicated connection (by default synchronous = FULL:
// a commit is on disk before it returns). Shared by the main-thread writer and the worker-thread writer
// (db/sqlite-writer.worker.mjs). Plain JavaScript so it runs the same under tsx, vitest and plain
// node. The statements are db/document-log-sql.mjs's, as db/queries/document-state.ts's are.
import Database from "better-sqlite3";
import { documentLogStatements } from "./document-log-sql.mjs";

const SQL = documentLogStatements("sqlite");

/** better-sqlite3 binds Buffers; a zero-copy Buffer view over a Uint8Array. @param {Uint8Array} u8 */
const buf = (u8) => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);

/**
 * The durability levels of the collaboration log's commits (see COLLAB_SQLITE_SYNCHRONOUS).
 * @type {readonly import("./sqlite-writer-core.mjs").SqliteSynchronous[]}
 */
export const SQLITE_SYNCHRONOUS = ["FULL", "NORMAL"];

/**
 * Opens the writer connection; returns { append(rows), compact(documentId, state), readLog(documentId, lastSeq), touch(documentId, edit),
 * synchronous(), walAutocheckpoint(), close() }. `synchronous`: "FULL" (default: every commit is
 * fsynced, it survives a power loss) or "NORMAL" (a commit is written to the WAL before it returns, so
 * it survives any crash of the process, but the last commits before a power loss or OS crash may be
 * lost: those since the checkpointer thread's last flush of the WAL, see db/sqlite-checkpointer.ts). `walAutocheckpoint`: the WAL's size in pages past which a commit checkpoints it.
 */
export function openSqliteWriterCore(
  /** @type {string} */ path,
  /** @type {{ synchronous?: import("./sqlite-writer-core.mjs").SqliteSynchronous; walAutocheckpoint?: number }} */ { synchronous = "FULL", walAutocheckpoint } = {},
) {
  if (!SQLITE_SYNCHRONOUS.includes(synchronous)) throw new Error(`synchronous must be one of ${SQLITE_SYNCHRONOUS.join(", ")}, not ${synchronous}`);
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${synchronous}`);
  // Left at SQLite's 1,000 pages unless checkpoints run elsewhere (db/sqlite-checkpointer.ts).
  if (walAutocheckpoint !== undefined) db.pragma(`wal_autocheckpoint = ${Math.max(0, Math.trunc(Number(walAutocheckpoint)))}`);
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");

  const insertUpdate = db.prepare(SQL.insertUpdates(1));
  const upsertSnapshot = db.prepare(SQL.upsertSnapshot);
  const deleteCovered = db.prepare(SQL.deleteCovered);
  const setPlainText = db.prepare(SQL.setPlainText);
  const setEdited = db.prepare(SQL.setEdited);

  const selectSnapshot = db.prepare(SQL.selectSnapshot);
  const selectTail = db.prepare(SQL.selectTail);
  // One read transaction: the snapshot and the rows it does not cover yet, up to lastSeq.
  const readLog = db.transaction((/** @type {string} */ documentId, /** @type {number} */ lastSeq) => {
    const snap = /** @type {{ data: Buffer; last_seq: number | bigint } | undefined} */ (selectSnapshot.get(documentId));
    const snapshot = snap ? { data: snap.data, lastSeq: Number(snap.last_seq) } : null;
    const tail = /** @type {{ seq: number | bigint; data: Buffer }[]} */ (selectTail.all(documentId, snapshot?.lastSeq ?? 0, lastSeq));
    const rows = tail.map((r) => ({ seq: Number(r.seq), data: r.data }));
    return { snapshot, rows };
  });

  const append = db.transaction((/** @type {AppendRow[]} */ rows, /** @type {string} */ createdAt) =>
    rows.map((r) => Number(/** @type {{ seq: number | bigint }} */ (insertUpdate.get(r.documentId, buf(r.data), r.userId, createdAt)).seq)),
  );
  const compact = db.transaction((/** @type {string} */ documentId, /** @type {CompactState} */ s) => {
    upsertSnapshot.run(documentId, buf(s.data), s.lastSeq, new Date().toISOString());
    deleteCovered.run(documentId, s.lastSeq);
    if (s.edited) setEdited.run(s.plainText, s.edited.at, s.edited.by, s.edited.at, documentId);
    else setPlainText.run(s.plainText, documentId);
  });

  /** @type {import("./sqlite-writer-core.mjs").SqliteWriterCore} */
  const core = {
    append: (rows) => append(rows, new Date().toISOString()),
    compact: (documentId, state) => void compact(documentId, state),
    /** The stored snapshot and the log rows after it up to `lastSeq` (for a compaction built off the log). */
    readLog: (documentId, lastSeq) => readLog(documentId, lastSeq),
    touch: (documentId, edit) => void setEdited.run(edit.plainText ?? null, edit.at, edit.by, edit.at, documentId),
    /** The connection's PRAGMA synchronous as SQLite reports it (2 = FULL, 1 = NORMAL). */
    synchronous: () => Number(db.pragma("synchronous", { simple: true })),
    walAutocheckpoint: () => Number(db.pragma("wal_autocheckpoint", { simple: true })),
    close: () => db.close(),
  };
  return core;
}

/** @typedef {Parameters<import("./sqlite-writer-core.mjs").SqliteWriterCore["append"]>[0][number]} AppendRow */
/** @typedef {Parameters<import("./sqlite-writer-core.mjs").SqliteWriterCore["compact"]>[1]} CompactState */
