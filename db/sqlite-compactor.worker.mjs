// @ts-check
// Compactions of the collaboration log on a thread and connection of their own (see
// db/sqlite-compactor.ts): the document is rebuilt here from its stored snapshot and log rows, encoded
// and its plain text taken, so the event loop that relays edits never stops for it; only the short
// write at the end (snapshot in, covered rows out, in one transaction) shares the database with the writer.
import { parentPort, workerData } from "node:worker_threads";
import * as Y from "yjs";
import { applyChecked, MISSING_HISTORY, yDocPlainText } from "../common/ydoc/ydoc-core.mjs";
import { openSqliteWriterCore } from "./sqlite-writer-core.mjs";

if (!parentPort) throw new Error("the SQLite compactor runs on a worker thread");
const port = parentPort;
const core = openSqliteWriterCore(workerData.path, { synchronous: workerData.synchronous, walAutocheckpoint: workerData.walAutocheckpoint });

/**
 * Applies one stored update; a row that throws or leaves structs pending stops the compaction.
 * @param {Y.Doc} doc @param {Uint8Array} data @param {string} what
 */
function apply(doc, data, what) {
  const reason = applyChecked(doc, data);
  if (reason === MISSING_HISTORY) throw new Error(`${what} ${MISSING_HISTORY}`);
  if (reason) throw new Error(`${what} cannot be applied (${reason})`);
}

/** @param {{ documentId: string; lastSeq: number; edited?: { at: string; by: string | null } }} args */
function compact({ documentId, lastSeq, edited }) {
  const { snapshot, rows } = core.readLog(documentId, lastSeq);
  if (!rows.length) return { bytes: 0, rows: 0 }; // nothing after the snapshot: already compacted
  const doc = new Y.Doc();
  try {
    if (snapshot) apply(doc, snapshot.data, "the snapshot");
    // One transaction: linear in the number of rows (see applyStoredState in common/ydoc/ydoc-state.ts).
    Y.transact(doc, () => {
      for (const row of rows) apply(doc, row.data, `row ${row.seq}`);
    });
    const data = Y.encodeStateAsUpdate(doc);
    core.compact(documentId, { data, lastSeq: rows[rows.length - 1].seq, plainText: yDocPlainText(doc), edited });
    return { bytes: data.byteLength, rows: rows.length };
  } finally {
    doc.destroy();
  }
}

port.on("message", ({ id, op, args }) => {
  try {
    if (op === "close") {
      core.close();
      port.postMessage({ id, ok: true, result: null });
      return void port.close();
    }
    if (op !== "compact") throw new Error(`unknown op ${op}`);
    port.postMessage({ id, ok: true, result: compact(args) });
  } catch (error) {
    // The SQLite result code (e.g. SQLITE_FULL) goes with the message: storage failures are told apart by it.
    const code = /** @type {{ code?: unknown }} */ (error)?.code;
    port.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error), code: typeof code === "string" ? code : undefined });
  }
});
