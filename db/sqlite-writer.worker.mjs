// @ts-check
// The collaboration server's SQLite writer on its own thread (COLLAB_SQLITE_WRITER=worker): commits
// (with fsync) happen here so they never block the event loop that relays edits. Driven by
// db/queries/document-writer.ts; the statements are in db/sqlite-writer-core.mjs (their SQL in db/document-log-sql.mjs).
import { parentPort, workerData } from "node:worker_threads";
import { openSqliteWriterCore } from "./sqlite-writer-core.mjs";

if (!parentPort) throw new Error("the SQLite writer runs on a worker thread");
const port = parentPort;
const core = openSqliteWriterCore(workerData.path, { synchronous: workerData.synchronous, walAutocheckpoint: workerData.walAutocheckpoint });

/**
 * The inverse of packRows in db/queries/document-writer.ts.
 * @param {{ bytes: Uint8Array; lengths: Uint32Array; docs: string[]; users: (string | null)[]; docIdx: Uint32Array; userIdx: Uint32Array }} packed
 */
function unpackRows({ bytes, lengths, docs, users, docIdx, userIdx }) {
  const rows = new Array(lengths.length);
  let offset = 0;
  for (let i = 0; i < lengths.length; i++) {
    rows[i] = { documentId: docs[docIdx[i]], data: bytes.subarray(offset, offset + lengths[i]), userId: users[userIdx[i]] };
    offset += lengths[i];
  }
  return rows;
}

port.on("message", ({ id, op, args }) => {
  try {
    let result = null;
    if (op === "open") result = null; // the connection opened as the thread started
    else if (op === "append") result = core.append(unpackRows(args));
    else if (op === "compact") core.compact(args.documentId, args.state);
    else if (op === "touch") core.touch(args.documentId, args.edit);
    else if (op === "close") {
      core.close();
      port.postMessage({ id, ok: true, result: null });
      return void port.close();
    } else throw new Error(`unknown op ${op}`);
    port.postMessage({ id, ok: true, result });
  } catch (error) {
    // The SQLite result code (e.g. SQLITE_FULL) goes with the message: storage failures are told apart by it.
    const code = /** @type {{ code?: unknown }} */ (error)?.code;
    port.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error), code: typeof code === "string" ? code : undefined });
  }
});
