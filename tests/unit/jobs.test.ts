import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type DbHandle } from "../../db/client";
import { newId } from "../../db/ids";
import { migrateToLatest } from "../../db/migrate";
import { FakeClock } from "../../server/jobs/clock";
import { housekeepingJobs } from "../../server/jobs/housekeeping";
import { jobLockFor, type JobLock } from "../../server/jobs/lock";
import { Scheduler } from "../../server/jobs/scheduler";

const MINUTE = 60_000;
const quietLog = { errors: [] as unknown[], info() {}, error(obj: object) { this.errors.push(obj); } };

/** A lock that runs on a dummy executor and can be told that another instance holds a job. */
function fakeLock(heldElsewhere = new Set<string>()): JobLock {
  return { run: async (name, fn) => (heldElsewhere.has(name) ? false : (await fn({} as never), true)) };
}

describe("Scheduler", () => {
  it("runs a job each time the clock passes its interval, not before", async () => {
    const clock = new FakeClock();
    const runs: number[] = [];
    const scheduler = new Scheduler({ clock, lock: fakeLock(), log: quietLog })
      .add({ name: "tick", everyMs: 10 * MINUTE, run: async ({ now }) => void runs.push(now.getTime()) })
      .start();
    const t0 = clock.now();
    clock.advance(10 * MINUTE - 1);
    await scheduler.idle();
    expect(runs).toEqual([]);
    clock.advance(1);
    await scheduler.idle();
    expect(runs).toEqual([t0 + 10 * MINUTE]);
    clock.advance(10 * MINUTE);
    await scheduler.idle();
    clock.advance(10 * MINUTE);
    await scheduler.idle();
    expect(runs).toEqual([t0 + 10 * MINUTE, t0 + 20 * MINUTE, t0 + 30 * MINUTE]);
    await scheduler.stop();
    clock.advance(60 * MINUTE);
    await scheduler.idle();
    expect(runs).toHaveLength(3);
    expect(clock.pending).toBe(0);
  });

  it("keeps scheduling after a failed run, and logs it", async () => {
    const clock = new FakeClock();
    const log = { ...quietLog, errors: [] as unknown[] };
    let calls = 0;
    const scheduler = new Scheduler({ clock, lock: fakeLock(), log })
      .add({ name: "flaky", everyMs: MINUTE, firstRunMs: 0, run: async () => { if (++calls === 1) throw new Error("boom"); } })
      .start();
    clock.advance(0);
    await scheduler.idle();
    expect(scheduler.last.get("flaky")?.outcome).toBe("failed");
    expect(log.errors).toHaveLength(1);
    clock.advance(MINUTE);
    await scheduler.idle();
    expect(calls).toBe(2);
    expect(scheduler.last.get("flaky")?.outcome).toBe("done");
    await scheduler.stop();
  });

  it("skips a round that another instance holds, and never overlaps a job with itself", async () => {
    const clock = new FakeClock();
    const held = new Set(["shared"]);
    let release!: () => void;
    let started = 0;
    const scheduler = new Scheduler({ clock, lock: fakeLock(held), log: quietLog })
      .add({ name: "shared", everyMs: MINUTE, run: async () => {} })
      .add({ name: "slow", everyMs: MINUTE, run: () => (started++ === 0 ? new Promise<void>((r) => (release = r)) : Promise.resolve()) })
      .start();
    clock.advance(MINUTE);
    const slow = scheduler.runNow("slow");
    expect(started).toBe(1);
    clock.advance(5 * MINUTE);
    expect(started).toBe(1);
    release();
    await scheduler.idle();
    expect(await slow).toBe("done");
    expect(scheduler.last.get("shared")?.outcome).toBe("skipped");
    held.clear();
    clock.advance(MINUTE);
    await scheduler.idle();
    expect(scheduler.last.get("shared")?.outcome).toBe("done");
    expect(started).toBe(2); // the overdue round of "slow" ran once, not once per missed interval
    await scheduler.stop();
  });

  it("refuses two jobs of one name", () => {
    const scheduler = new Scheduler({ clock: new FakeClock(), lock: fakeLock(), log: quietLog }).add({ name: "a", everyMs: 1, run: async () => {} });
    expect(() => scheduler.add({ name: "a", everyMs: 1, run: async () => {} })).toThrow(/already/);
  });
});

describe("housekeeping jobs", () => {
  let handle: DbHandle;
  beforeEach(async () => {
    handle = openDatabase("file::memory:");
    await migrateToLatest(handle.db);
  });
  afterEach(() => handle.db.destroy());

  it("delete expired sessions and login failures past the throttle's window when the clock gets there", async () => {
    const clock = new FakeClock(Date.parse("2026-03-01T12:00:00Z"));
    const at = (offsetMs: number) => new Date(clock.now() + offsetMs).toISOString();
    const userId = newId();
    await handle.db.insertInto("users").values({ id: userId, email: "h@example.org", name: "H", handle: "h_member", organization: null, stakeholder_group: null, region: null, password_hash: "x", is_site_admin: 0, created_at: at(0), updated_at: at(0) }).execute();
    await handle.db.insertInto("sessions").values([
      { id: "expired", user_id: userId, expires_at: at(-MINUTE), created_at: at(-30 * MINUTE) },
      { id: "expires-soon", user_id: userId, expires_at: at(10 * MINUTE), created_at: at(-MINUTE) },
      { id: "valid", user_id: userId, expires_at: at(30 * 24 * 60 * MINUTE), created_at: at(0) },
    ]).execute();
    await handle.db.insertInto("login_failures").values([
      { key: "old", created_at: at(-20 * MINUTE) },
      { key: "recent", created_at: at(-MINUTE) },
    ]).execute();

    const scheduler = new Scheduler({ clock, lock: jobLockFor(handle), log: quietLog });
    for (const job of housekeepingJobs({ everyMs: 15 * MINUTE, loginWindowMs: 30 * MINUTE })) scheduler.add(job);
    scheduler.start();
    const sessions = async () => (await handle.db.selectFrom("sessions").select("id").orderBy("id").execute()).map((r) => r.id);
    const failures = async () => (await handle.db.selectFrom("login_failures").select("key").orderBy("key").execute()).map((r) => r.key);

    expect(await sessions()).toEqual(["expired", "expires-soon", "valid"]);
    clock.advance(15 * MINUTE); // now +15 min: "expires-soon" has expired too; "old" is 35 minutes old, "recent" 16
    await scheduler.idle();
    expect(await sessions()).toEqual(["valid"]);
    expect(await failures()).toEqual(["recent"]);
    expect(scheduler.last.get("housekeeping.expired-sessions")?.outcome).toBe("done");
    expect(scheduler.last.get("housekeeping.login-failures")?.outcome).toBe("done");
    await scheduler.stop();
  });
});
