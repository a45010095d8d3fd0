import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type DbHandle } from "../../db/client";

// The app's SQLite transactions share the file with the document writer's own connection. A
// transaction that read before it wrote used to fail at its first write with SQLITE_BUSY (no wait)
// when the writer had committed in between: a comment posted while someone typed got a 500.

let dir = "";
let handle: DbHandle | null = null;
let other: SQLite.Database | null = null;
afterEach(async () => {
  other?.close();
  await handle?.db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function open() {
  dir = mkdtempSync(join(tmpdir(), "cw-sqlite-tx-"));
  const file = join(dir, "t.db");
  handle = openDatabase(`file:${file}`);
  other = new SQLite(file);
  other.pragma("busy_timeout = 0");
  other.exec("create table notes (id integer primary key, body text not null)");
  return { db: handle.db as unknown as import("kysely").Kysely<{ notes: { id: import("kysely").Generated<number>; body: string } }>, other };
}

describe("SQLite transactions", () => {
  it("hold the write lock from BEGIN: another connection's write waits instead of slipping in between a read and a write", async () => {
    const { db, other } = open();
    let attempted: unknown = null;
    await db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom("notes").select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
      // The document writer commits now (here it cannot wait, so it is refused instead).
      try {
        other.prepare("insert into notes (body) values ('from the writer')").run();
      } catch (error) {
        attempted = error;
      }
      await tx.insertInto("notes").values({ body: `after ${before.n}` }).execute();
    });
    expect((attempted as { code?: string } | null)?.code).toBe("SQLITE_BUSY");
    // Once the transaction has committed, the other connection writes normally.
    other.prepare("insert into notes (body) values ('from the writer')").run();
    expect(other.prepare("select body from notes order by id").all()).toEqual([{ body: "after 0" }, { body: "from the writer" }]);
  });

});
