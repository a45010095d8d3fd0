import { randomBytes } from "node:crypto";
import type { JobKind, JobPayloads } from "../../common/job-kinds";
import type { DatabaseKind } from "../../db/client";
import { claimJobs, finishJob, type JobRow } from "../../db/queries/jobs";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Clock } from "./clock";
import type { JobLog } from "./scheduler";

/**
 * The durable job runner (docs/decisions/0009-durable-jobs.md). Every instance runs one: it polls
 * the jobs table, claims due rows under a lease, runs each with its kind's handler outside any
 * transaction, and then marks it done, or queued again after a back-off, or dead after its last try.
 * A runner that dies leaves its rows `running` until the lease passes; another runner then claims
 * them again (a try more). Finishing is guarded by the runner's id, so a runner whose lease ran out
 * never overwrites what the next one did.
 */

export interface JobHandlerContext {
  /** The database handle (not a transaction: a handler opens its own when it writes). */
  db: Kysely<Database>;
  now: Date;
  /** The try this is (1 = first). */
  attempt: number;
  jobId: number;
}

export type JobHandler<K extends JobKind> = (payload: JobPayloads[K], ctx: JobHandlerContext) => Promise<void>;
export type JobHandlers = { [K in JobKind]: JobHandler<K> };

export interface RunnerOptions {
  db: Kysely<Database>;
  dialect: DatabaseKind;
  clock: Clock;
  log: JobLog;
  handlers: JobHandlers;
  /** How often to look for due jobs (default 2 s). */
  pollMs?: number;
  /** How long a claim holds before another runner may take the job (default 5 minutes). */
  leaseMs?: number;
  /** Jobs claimed per round (default 10). */
  batch?: number;
  /** Back-off before try n+1 after n failed tries: base × 2^(n-1), capped (defaults 30 s, 6 h). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** This runner's id in `locked_by` (default random). */
  worker?: string;
  /**
   * Kinds whose jobs stand alone (one mail each): a round runs its consecutive jobs of these kinds
   * up to `limit` at a time, so a thousand mails wait on SMTP side by side, not one after another.
   * Other jobs run one at a time, in their order. Default: everything one at a time.
   */
  parallel?: { kinds: ReadonlySet<JobKind>; limit: number };
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

export function backoffMs(failedTries: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, failedTries - 1));
}

export class JobRunner {
  readonly worker: string;
  private timer: unknown;
  private round: Promise<number> | undefined;
  private stopped = false;

  constructor(private readonly o: RunnerOptions) {
    this.worker = o.worker ?? `runner-${randomBytes(6).toString("hex")}`;
  }

  start(): this {
    this.schedule(0);
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    await this.round;
  }

  /** One round now: claims a batch and runs it. Returns how many jobs it ran. */
  runOnce(): Promise<number> {
    this.round ??= this.execute().finally(() => (this.round = undefined));
    return this.round;
  }

  /** Rounds until no due job is left (tests, and a drain at shutdown). */
  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.runOnce(); n > 0; n = await this.runOnce()) total += n;
    return total;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = undefined;
      let ran = 0;
      void this.runOnce()
        .then((n) => (ran = n))
        .catch((err) => this.o.log.error({ err }, "job round failed"))
        // A full batch says more is due (a fan-out of a thousand mails): the next round follows at
        // once, after the event loop has served whatever waited; otherwise look again in pollMs.
        .finally(() => this.schedule(ran >= (this.o.batch ?? 10) ? 0 : (this.o.pollMs ?? 2000)));
    }, ms);
  }

  private async execute(): Promise<number> {
    const { clock, db, dialect } = this.o;
    const started = clock.now();
    const claimed = await claimJobs(db, dialect, {
      now: new Date(started).toISOString(),
      leaseUntil: new Date(started + (this.o.leaseMs ?? 5 * 60_000)).toISOString(),
      worker: this.worker,
      limit: this.o.batch ?? 10,
    });
    // Runs of consecutive side-by-side jobs go `limit` at a time; every other job is a run of one.
    const { kinds, limit } = this.o.parallel ?? { kinds: new Set<JobKind>(), limit: 1 };
    const together = (job: JobRow) => kinds.has(job.kind as JobKind);
    for (let i = 0, end = 1; i < claimed.length; i = end, end = i + 1) {
      if (together(claimed[i])) while (end < claimed.length && together(claimed[end])) end++;
      await eachLimited(claimed.slice(i, end), limit, (job) => this.runJob(job));
    }
    return claimed.length;
  }

  private async runJob(job: JobRow): Promise<void> {
    const { clock, db, log } = this.o;
    const at = () => new Date(clock.now()).toISOString();
    if (job.attempts > job.max_attempts) {
      // Its last runner stopped mid-run (the lease passed) on the last try.
      await finishJob(db, job.id, this.worker, { state: "dead", at: at(), error: job.last_error ?? "The runner stopped before the job finished." });
      return;
    }
    const handler = this.o.handlers[job.kind as JobKind] as JobHandler<JobKind> | undefined;
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      await handler(JSON.parse(job.payload), { db, now: new Date(clock.now()), attempt: job.attempts, jobId: job.id });
      await finishJob(db, job.id, this.worker, { state: "done", at: at(), error: null });
    } catch (err) {
      const error = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
      if (job.attempts >= job.max_attempts) {
        log.error({ err, jobId: job.id, kind: job.kind }, "job dead after its last try");
        await finishJob(db, job.id, this.worker, { state: "dead", at: at(), error });
      } else {
        const delay = backoffMs(job.attempts, this.o.backoffBaseMs ?? 30_000, this.o.backoffMaxMs ?? 6 * 3600_000);
        log.info({ jobId: job.id, kind: job.kind, attempt: job.attempts, retryInMs: delay, error }, "job failed; will retry");
        await finishJob(db, job.id, this.worker, { state: "queued", at: at(), runAt: new Date(clock.now() + delay).toISOString(), error });
      }
    }
  }
}
