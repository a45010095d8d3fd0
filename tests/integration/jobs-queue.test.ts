import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { JobKind } from "../../common/job-kinds";
import { openDatabase, type DbHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { countJobsByState, enqueue, findJob, listDeadJobs, requeueDeadJob } from "../../db/queries/jobs";
import { FakeClock } from "../../server/jobs/clock";
import { JobRunner, type JobHandlers } from "../../server/jobs/queue";
import { createTestPgDatabase } from "../helpers/pg";

// The durable job table on the database the suite runs on: SQLite by default, PostgreSQL under
// `npm run test:pg` (TEST_PG_URL). Time moves on a FakeClock; nothing sleeps.

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A fresh migrated database and a second handle on it (another "instance"). */
async function freshDatabase(): Promise<[DbHandle, DbHandle]> {
  let url: string;
  if (process.env.TEST_PG_URL) {
    const database = await createTestPgDatabase(process.env.TEST_PG_URL);
    cleanups.push(database.drop);
    url = database.url;
  } else url = `file:${join(mkdtempSync(join(tmpdir(), "cw-jobs-")), "jobs.db")}`;
  const a = openDatabase(url);
  const b = openDatabase(url);
  cleanups.push(() => a.db.destroy(), () => b.db.destroy());
  await migrateToLatest(a.db);
  return [a, b];
}

const log = { errors: [] as object[], info() {}, error(obj: object) { this.errors.push(obj); } };

function runner(handle: DbHandle, clock: FakeClock, noop: JobHandlers["noop"], extra: Partial<ConstructorParameters<typeof JobRunner>[0]> = {}) {
  const unused = async () => {};
  const handlers: JobHandlers = { noop, "mail:send": unused, "mail:thread-started": unused, "mail:output-published": unused, "mail:digest": unused, "endorsements:reconfirm": unused, "mail:consultation": unused, "account:export": unused, "account:delete": unused, "decision:close": unused, "decision:remind": unused, "mail:decision": unused };
  return new JobRunner({ db: handle.db, dialect: handle.kind, clock, log, handlers, backoffBaseMs: 1000, backoffMaxMs: 60_000, leaseMs: 60_000, ...extra });
}

describe(`durable jobs (${process.env.TEST_PG_URL ? "PostgreSQL" : "SQLite"})`, () => {
  it("two runners claiming at once never run the same job twice", async () => {
    const [a, b] = await freshDatabase();
    const clock = new FakeClock(Date.now() + 1000);
    for (let i = 0; i < 40; i++) await enqueue(a.db, "noop", { note: String(i) });
    const runs: string[] = [];
    // Each handler yields to the event loop, so the two runners' rounds interleave.
    const handler = async (p: { note?: string }) => {
      await new Promise((r) => setImmediate(r));
      runs.push(p.note!);
    };
    const one = runner(a, clock, handler, { batch: 3 });
    const two = runner(b, clock, handler, { batch: 3 });
    await Promise.all([one.drain(), two.drain(), one.drain(), two.drain()]);
    expect(runs).toHaveLength(40);
    expect(new Set(runs).size).toBe(40);
    expect(await countJobsByState(a.db)).toEqual({ queued: 0, running: 0, done: 40, dead: 0 });
  });

  it("runs consecutive jobs of a parallel kind side by side up to its limit, the others one at a time and in order", async () => {
    const [a] = await freshDatabase();
    const clock = new FakeClock(Date.now() + 1000);
    const order = ["noop:a", "mail:1", "mail:2", "mail:3", "mail:4", "mail:5", "noop:b", "mail:6"];
    for (const name of order) {
      if (name.startsWith("noop")) await enqueue(a.db, "noop", { note: name });
      else await enqueue(a.db, "mail:send", { to: `${name.slice(5)}@example.org`, subject: name, text: "", html: "" });
    }
    let running = 0;
    let most = 0;
    const events: string[] = [];
    const step = async (name: string) => {
      running++;
      most = Math.max(most, running);
      events.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, 5));
      events.push(`end ${name}`);
      running--;
    };
    const unused = async () => {};
    const handlers: JobHandlers = { noop: (p) => step(p.note!), "mail:send": (p) => step(p.subject), "mail:thread-started": unused, "mail:output-published": unused, "mail:digest": unused, "endorsements:reconfirm": unused, "mail:consultation": unused, "account:export": unused, "account:delete": unused, "decision:close": unused, "decision:remind": unused, "mail:decision": unused };
    const r = new JobRunner({ db: a.db, dialect: a.kind, clock, log, handlers, batch: 20, parallel: { kinds: new Set<JobKind>(["mail:send"]), limit: 3 } });
    expect(await r.runOnce()).toBe(8);
    expect(most).toBe(3);
    // The solitary jobs neither overlap the mails around them nor move: noop:a ends before any
    // mail starts, noop:b starts after mails 1-5 have ended and ends before mail 6 starts.
    const at = (e: string) => events.indexOf(e);
    for (const m of [1, 2, 3, 4, 5]) {
      expect(at("end noop:a")).toBeLessThan(at(`start mail:${m}`));
      expect(at(`end mail:${m}`)).toBeLessThan(at("start noop:b"));
    }
    expect(at("end noop:b")).toBeLessThan(at("start mail:6"));
    expect(await countJobsByState(a.db)).toEqual({ queued: 0, running: 0, done: 8, dead: 0 });
  });

  it("a full batch is followed by the next round at once; a partial one waits for the poll", async () => {
    const [a] = await freshDatabase();
    const clock = new FakeClock(Date.now() + 1000);
    for (let i = 0; i < 25; i++) await enqueue(a.db, "noop", { note: String(i) });
    const live = runner(a, clock, async () => {}, { batch: 10, pollMs: 60_000 }).start();
    const done = async () => (await countJobsByState(a.db)).done;
    try {
      // Only zero-delay timers fire: the clock never reaches the poll interval.
      for (const expected of [10, 20, 25]) {
        clock.advance(0);
        await expect.poll(done).toBe(expected);
        await expect.poll(() => clock.pending).toBe(1);
      }
      await enqueue(a.db, "noop", { note: "late" });
      clock.advance(0);
      await new Promise((r) => setTimeout(r, 50));
      expect(await done()).toBe(25); // after a partial round the runner waits for its poll…
      clock.advance(60_000);
      await expect.poll(done).toBe(26); // …and then finds the new job
    } finally {
      await live.stop();
    }
  });

  it("a job whose runner died is picked up again once the lease has passed", async () => {
    const [a, b] = await freshDatabase();
    const clock = new FakeClock(Date.now() + 1000);
    await enqueue(a.db, "noop", { note: "x" });
    // The first runner claims it and never finishes (its process was killed mid-run).
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const dead = runner(a, clock, () => (entered(), new Promise<void>(() => {})));
    void dead.runOnce();
    await inside;
    const ran: number[] = [];
    const live = runner(b, clock, async (_p, ctx) => void ran.push(ctx.attempt));
    expect(await live.runOnce()).toBe(0); // still leased
    clock.advance(60_000 + 1);
    expect(await live.runOnce()).toBe(1);
    expect(ran).toEqual([2]);
    expect(await countJobsByState(a.db)).toMatchObject({ done: 1, running: 0 });
  });

  it("a failing job is retried with growing back-off and ends dead with its error; Retry queues it again", async () => {
    const [a] = await freshDatabase();
    const clock = new FakeClock(Date.now() + 1000);
    await enqueue(a.db, "noop", { note: "fails" });
    const tries: number[] = [];
    let failing = true;
    const r = runner(a, clock, async () => {
      tries.push(clock.now());
      if (failing) throw new Error("mail server said no");
    });
    expect(await r.runOnce()).toBe(1);
    const [row] = await a.db.withTables<{ jobs: { id: number } }>().selectFrom("jobs").select("id").execute();
    const afterFirst = (await findJob(a.db, Number(row.id)))!;
    expect(afterFirst.state).toBe("queued");
    expect(afterFirst.last_error).toBe("mail server said no");
    // Not due before its back-off (1 s after the first failure, 2 s after the second).
    clock.advance(999);
    expect(await r.runOnce()).toBe(0);
    clock.advance(1);
    expect(await r.runOnce()).toBe(1);
    clock.advance(1999);
    expect(await r.runOnce()).toBe(0);
    clock.advance(1);
    expect(await r.runOnce()).toBe(1); // third try of noop's three
    clock.advance(3_600_000);
    expect(await r.runOnce()).toBe(0);
    expect(tries).toHaveLength(3);
    expect(tries[1] - tries[0]).toBe(1000);
    expect(tries[2] - tries[1]).toBe(2000);
    const dead = await listDeadJobs(a.db, 10);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ state: "dead", attempts: 3, last_error: "mail server said no" });

    expect(await requeueDeadJob(a.db, dead[0].id, new Date(clock.now()).toISOString())).toBe(true);
    expect(await requeueDeadJob(a.db, dead[0].id, new Date(clock.now()).toISOString())).toBe(false);
    failing = false;
    expect(await r.runOnce()).toBe(1);
    expect(await countJobsByState(a.db)).toMatchObject({ done: 1, dead: 0 });
  });

  it("a job enqueued in a transaction that rolls back was never there; a key enqueues once", async () => {
    const [a] = await freshDatabase();
    await expect(
      a.db.transaction().execute(async (trx) => {
        await enqueue(trx, "noop", { note: "rolled back" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await countJobsByState(a.db)).toEqual({ queued: 0, running: 0, done: 0, dead: 0 });
    await a.db.transaction().execute((trx) => enqueue(trx, "noop", { note: "kept" }, { key: "k1" }));
    expect(await enqueue(a.db, "noop", { note: "again" }, { key: "k1" })).toBe(false);
    expect(await countJobsByState(a.db)).toMatchObject({ queued: 1 });
  });

  it("a job of a kind without a handler fails like any other", async () => {
    const [a] = await freshDatabase();
    const clock = new FakeClock(Date.now() + 1000);
    await enqueue(a.db, "noop", {});
    const r = new JobRunner({ db: a.db, dialect: a.kind, clock, log, handlers: {} as JobHandlers, backoffBaseMs: 10 });
    await r.runOnce();
    const job = (await findJob(a.db, 1))!;
    expect(job.last_error).toMatch(/no handler for job kind "noop"/);
    expect(job.kind satisfies string as JobKind).toBe("noop");
  });
});
