// Checkpoints the SQLite file's WAL on a thread and connection of their own (see
// db/sqlite-checkpointer.ts): PASSIVE checkpoints never wait for the writer and the writer never
// waits for them, so copying the WAL into the database file (and its fsync) stays off the commit path.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { path, synchronous, intervalMs } = workerData;
const db = new Database(path, { fileMustExist: true }); // the writer creates it
db.pragma(`synchronous = ${synchronous}`);
db.pragma("wal_autocheckpoint = 0"); // this connection never writes; checkpoints only when asked below

let timer;
const tick = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
    parentPort.postMessage({ ok: true });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
  timer = setTimeout(tick, intervalMs); // the next one after this one ends: slow checkpoints never pile up
};
timer = setTimeout(tick, intervalMs);

parentPort.on("message", (message) => {
  if (message !== "close") return;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
