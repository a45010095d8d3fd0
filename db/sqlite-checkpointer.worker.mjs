// Checkpoints the SQLite file's WAL on a thread and connection of their own (see
// db/sqlite-checkpointer.ts): PASSIVE checkpoints never wait for the writer and the writer never
// waits for them, so copying the WAL into the database file (and its fsync) stays off the commit path.
import { closeSync, fdatasyncSync, fstatSync, openSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { path, synchronous, intervalMs, walSyncMs } = workerData;
const db = new Database(path, { fileMustExist: true }); // the writer creates it
db.pragma(`synchronous = ${synchronous}`);
db.pragma("wal_autocheckpoint = 0"); // this connection never writes; checkpoints only when asked below

const errorText = (error) => (error instanceof Error ? error.message : String(error));

// With synchronous = NORMAL the writer's commits reach the WAL file but are not flushed: sync the WAL
// every walSyncMs when it changed (its mtime or size moved), so a power loss takes at most that much.
// The stat is taken before the sync: a write between the two is synced again on the next tick.
let walFd = null;
let walSeen = null;
let walSyncs = 0;
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
    if (error?.code !== "ENOENT") parentPort.postMessage({ ok: false, walSync: true, error: errorText(error), walSyncs });
  }
  walTimer = setTimeout(syncWal, walSyncMs);
};
if (walSyncMs > 0) walTimer = setTimeout(syncWal, walSyncMs);

let timer;
const tick = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
    parentPort.postMessage({ ok: true, walSyncs });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: errorText(error), walSyncs });
  }
  timer = setTimeout(tick, intervalMs); // the next one after this one ends: slow checkpoints never pile up
};
timer = setTimeout(tick, intervalMs);

parentPort.on("message", (message) => {
  if (message !== "close") return;
  clearTimeout(timer);
  clearTimeout(walTimer);
  if (walFd !== null) closeSync(walFd);
  db.close();
  parentPort.close();
});
