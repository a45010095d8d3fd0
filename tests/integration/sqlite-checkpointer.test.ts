import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteCheckpointer } from "../../db/sqlite-checkpointer";

// The collaboration writer's connection does not checkpoint the WAL itself (a checkpoint inside a
// commit held every edit staged behind it for 10-12 ms): a thread of its own does, PASSIVE, beside it.
let dir: string;
let path: string;
let writer: Database.Database;
const PAGE = 4096;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cw-ckpt-"));
  path = join(dir, "db.sqlite");
  writer = new Database(path);
  writer.pragma("journal_mode = WAL");
  writer.pragma("wal_autocheckpoint = 0"); // as if the safety net were never reached
  writer.exec("create table t (id integer primary key, data blob)");
});
afterEach(() => {
  writer.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (n: number) => {
  const stmt = writer.prepare("insert into t (data) values (?)");
  for (let i = 0; i < n; i++) stmt.run(Buffer.alloc(PAGE, i & 0xff)); // one commit each, as group commits are
};
const size = (file: string) => statSync(file).size;
const until = async (check: () => boolean) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  return check();
};

describe("SqliteCheckpointer", () => {
  it("copies committed pages into the database file while the writer goes on, and the WAL starts over instead of growing", async () => {
    insert(300);
    expect(size(path)).toBeLessThan(50 * PAGE); // nothing checkpointed yet: the rows are only in the WAL
    const walAfterFirst = size(`${path}-wal`);
    expect(walAfterFirst).toBeGreaterThan(300 * PAGE);

    const checkpointer = new SqliteCheckpointer(path, "FULL", undefined, 20);
    checkpointer.start();
    try {
      expect(await until(() => size(path) > 300 * PAGE)).toBe(true);
      // The writer keeps committing; once everything was copied, its next commit rewrites the WAL from the start.
      const runs = checkpointer.runs;
      await until(() => checkpointer.runs > runs + 1);
      insert(300);
      expect(await until(() => size(path) > 600 * PAGE)).toBe(true);
      expect(size(`${path}-wal`)).toBeLessThan(walAfterFirst * 1.2); // without the checkpoints: twice as large
      expect(checkpointer.lastError).toBeNull();
    } finally {
      await checkpointer.stop();
    }
    // A fresh connection sees every row.
    const reader = new Database(path, { readonly: true });
    expect(reader.prepare("select count(*) as n from t").get()).toEqual({ n: 600 });
    reader.close();
  });

  it("with synchronous = NORMAL, flushes the WAL once commits changed it, and not while nothing changes", async () => {
    writer.pragma("synchronous = NORMAL");
    const checkpointer = new SqliteCheckpointer(path, "NORMAL", undefined, 20, 5);
    checkpointer.start();
    try {
      insert(1);
      expect(await until(() => checkpointer.walSyncs >= 1)).toBe(true);
      // Idle: several reports (and checkpoints, which write the database file, not the WAL) and no flush.
      const synced = checkpointer.walSyncs;
      const runs = checkpointer.runs;
      expect(await until(() => checkpointer.runs >= runs + 5)).toBe(true);
      expect(checkpointer.walSyncs).toBe(synced);
      insert(1);
      expect(await until(() => checkpointer.walSyncs > synced)).toBe(true);
      expect(checkpointer.lastError).toBeNull();
    } finally {
      await checkpointer.stop();
    }
  });

  it("with synchronous = FULL, leaves flushing to the commits", async () => {
    const checkpointer = new SqliteCheckpointer(path, "FULL", undefined, 20);
    checkpointer.start();
    try {
      insert(3);
      const runs = checkpointer.runs;
      expect(await until(() => checkpointer.runs >= runs + 3)).toBe(true);
      expect(checkpointer.walSyncs).toBe(0);
    } finally {
      await checkpointer.stop();
    }
  });

  it("stops when asked: no checkpoint after stop()", async () => {
    const checkpointer = new SqliteCheckpointer(path, "NORMAL", undefined, 10);
    checkpointer.start();
    await until(() => checkpointer.runs > 0);
    await checkpointer.stop();
    const runs = checkpointer.runs;
    insert(50);
    await new Promise((r) => setTimeout(r, 100));
    expect(checkpointer.runs).toBe(runs);
    expect(size(path)).toBeLessThan(50 * PAGE);
  });

  it("reports a thread that cannot open the database and keeps trying until stopped", async () => {
    const warnings: string[] = [];
    const checkpointer = new SqliteCheckpointer(join(dir, "missing.sqlite"), "FULL", { warn: (_d, message) => warnings.push(message) }, 10);
    checkpointer.start();
    expect(await until(() => warnings.length >= 2)).toBe(true); // failed, restarted a second later, failed again
    expect(warnings[0]).toBe("sqlite: checkpointer thread failed");
    await checkpointer.stop();
    const count = warnings.length;
    await new Promise((r) => setTimeout(r, 1200));
    expect(warnings.length).toBe(count);
  });
});
