import type { Executor } from "../../db/queries/users";
import type { Clock } from "./clock";
import type { JobLock } from "./lock";

/**
 * The home of work that runs later (docs/decisions/0008-jobs.md). Today: periodic jobs, each run
 * by one instance at a time (JobLock) and never overlapping itself. Deferred work (a mail to send,
 * a retry) will be rows of a durable job table that a periodic job of this scheduler claims and
 * runs, so it survives restarts; that job is an ordinary PeriodicJob here.
 */
export interface JobContext {
  /** The database to work in: inside the lock's transaction on PostgreSQL. */
  db: Executor;
  /** The clock's time when this run started. */
  now: Date;
}

export interface PeriodicJob {
  /** Unique; also the lock's name, so two instances never run the same job at once. */
  name: string;
  everyMs: number;
  /** Delay of the first run after start (default: everyMs). */
  firstRunMs?: number;
  run(ctx: JobContext): Promise<void>;
}

export interface JobLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export type JobOutcome = "done" | "skipped" | "failed";

export class Scheduler {
  private readonly jobs = new Map<string, PeriodicJob>();
  private readonly timers = new Map<string, unknown>();
  private readonly running = new Map<string, Promise<JobOutcome>>();
  private started = false;
  private stopped = false;
  /** Outcomes of the last run of each job (for tests and /admin/metrics later). */
  readonly last = new Map<string, { at: Date; outcome: JobOutcome }>();

  constructor(private readonly options: { clock: Clock; lock: JobLock; log: JobLog }) {}

  add(job: PeriodicJob): this {
    if (this.jobs.has(job.name)) throw new Error(`job "${job.name}" is already scheduled`);
    if (!(job.everyMs > 0)) throw new Error(`job "${job.name}" needs a positive interval`);
    this.jobs.set(job.name, job);
    if (this.started) this.schedule(job, job.firstRunMs ?? job.everyMs);
    return this;
  }

  start(): this {
    if (this.started) return this;
    this.started = true;
    for (const job of this.jobs.values()) this.schedule(job, job.firstRunMs ?? job.everyMs);
    return this;
  }

  /** Runs a job now (unless it is already running: then that run's outcome). */
  runNow(name: string): Promise<JobOutcome> {
    const job = this.jobs.get(name);
    if (!job) return Promise.reject(new Error(`no job "${name}"`));
    return this.running.get(name) ?? this.execute(job);
  }

  /** Resolves when no job is running. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all(this.running.values());
  }

  /** No more runs; waits for the running ones to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) this.options.clock.clearTimeout(timer);
    this.timers.clear();
    await this.idle();
  }

  private schedule(job: PeriodicJob, delayMs: number): void {
    if (this.stopped) return;
    this.timers.set(
      job.name,
      this.options.clock.setTimeout(() => {
        this.timers.delete(job.name);
        void (this.running.get(job.name) ?? this.execute(job));
      }, delayMs),
    );
  }

  private execute(job: PeriodicJob): Promise<JobOutcome> {
    const { clock, lock, log } = this.options;
    const started = clock.now();
    const pending = (async (): Promise<JobOutcome> => {
      try {
        const ran = await lock.run(job.name, (db) => job.run({ db, now: new Date(started) }));
        return ran ? "done" : "skipped";
      } catch (error) {
        log.error({ err: error, job: job.name }, "job failed");
        return "failed";
      }
    })().then((outcome) => {
      this.running.delete(job.name);
      this.last.set(job.name, { at: new Date(started), outcome });
      // The next run is due everyMs after this one started (at once if this one took longer).
      const timerPending = this.timers.has(job.name);
      if (!timerPending) this.schedule(job, Math.max(0, started + job.everyMs - clock.now()));
      return outcome;
    });
    this.running.set(job.name, pending);
    return pending;
  }
}
