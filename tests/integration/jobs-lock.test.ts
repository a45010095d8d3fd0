import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { jobLockFor } from "../../server/jobs/lock";
import { createTestPgDatabase, PG_ADMIN_URL, pgReachable } from "../helpers/pg";

async function available(): Promise<boolean> {
  if (await pgReachable()) return true;
  if (process.env.CI) throw new Error(`PostgreSQL is required in CI but ${PG_ADMIN_URL} is unreachable`);
  console.warn(`\n*** job lock test SKIPPED: no PostgreSQL at ${PG_ADMIN_URL} ***\n`);
  return false;
}

describe.runIf(await available())("jobs on PostgreSQL: one instance at a time", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it("a job held by one instance is skipped by another until the holder's transaction ends", async () => {
    const database = await createTestPgDatabase(PG_ADMIN_URL);
    cleanups.push(database.drop);
    const a = openDatabase(database.url);
    const b = openDatabase(database.url);
    cleanups.push(() => a.db.destroy(), () => b.db.destroy());
    const lockA = jobLockFor(a);
    const lockB = jobLockFor(b);

    let release!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const runA = lockA.run("housekeeping.expired-sessions", () => {
      entered();
      return new Promise<void>((r) => (release = r));
    });
    await inside;
    let ranB = false;
    expect(await lockB.run("housekeeping.expired-sessions", async () => void (ranB = true))).toBe(false);
    expect(ranB).toBe(false);
    // Another job's name is another lock.
    expect(await lockB.run("housekeeping.login-failures", async () => {})).toBe(true);
    release();
    expect(await runA).toBe(true);
    expect(await lockB.run("housekeeping.expired-sessions", async () => void (ranB = true))).toBe(true);
    expect(ranB).toBe(true);
  });
});
