// @ts-check
// Checkpoints the SQLite file's WAL on a thread and connection of their own (see
// db/sqlite-checkpointer.ts): PASSIVE checkpoints never wait for the writer and the writer never
// waits for them, so copying the WAL into the database file (and its fsync) stays off the commit path.
import { closeSync, fdatasyncSync, fstatSync, openSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

if (!parentPort) throw new Error("the SQLite checkpointer runs on a worker thread");
const port = parentPort;
const { path, synchronous, intervalMs, walSyncMs } = workerData;
const db = new Database(path, { fileMustExist: true }); // the writer creates it
db.pragma(`synchronous = ${synchronous}`);
db.pragma("wal_autocheckpoint = 0"); // this connection never writes; checkpoints only when asked below

const errorText = (/** @type {unknown} */ error) => (error instanceof Error ? error.message : String(error));

// With synchronous = NORMAL the writer's commits reach the WAL file but are not flushed: sync the WAL
// every walSyncMs when it changed (its mtime or size moved), so a power loss takes at most that much.
// The stat is taken before the sync: a write between the two is synced again on the next tick.
/** @type {number | null} */
let walFd = null;
/** @type {string | null} */
let walSeen = null;
let walSyncs = 0;
/** @type {NodeJS.Timeout | undefined} */
let walTimer;
const syncWal = () => {
  try {
    walFd ??= openSync(`${path}-wal`, "r");
    const st = fstatSync(walFd, { bigint: true });
    const seen = `${st.mtimeNs}:${st.size}`;
    if (seen !== walSeen) {
      fdatasyncSync(walFd);
      walSeen = seen;
      walSyncs++;
    }
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error)?.code !== "ENOENT") port.postMessage({ ok: false, walSync: true, error: errorText(error), walSyncs });
  }
  walTimer = setTimeout(syncWal, walSyncMs);
};
if (walSyncMs > 0) walTimer = setTimeout(syncWal, walSyncMs);

/** @type {NodeJS.Timeout | undefined} */
let timer;
const tick = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
    port.postMessage({ ok: true, walSyncs });
  } catch (error) {
    port.postMessage({ ok: false, error: errorText(error), walSyncs });
  }
  timer = setTimeout(tick, intervalMs); // the next one after this one ends: slow checkpoints never pile up
};
timer = setTimeout(tick, intervalMs);

port.on("message", (message) => {
  if (message !== "close") return;
  clearTimeout(timer);
  clearTimeout(walTimer);
  if (walFd !== null) closeSync(walFd);
  db.close();
  port.close();
});
