import type { Config } from "../../app/lib/config.server";
import { LOGIN_WINDOW_MS } from "../../app/models/auth.server";
import type { DbHandle } from "../../db/client";
import type { Clock } from "./clock";
import { housekeepingJobs } from "./housekeeping";
import { jobLockFor } from "./lock";
import { type JobLog, Scheduler } from "./scheduler";

export { FakeClock, systemClock, type Clock } from "./clock";
export { jobLockFor, type JobLock } from "./lock";
export { Scheduler, type JobContext, type JobOutcome, type PeriodicJob } from "./scheduler";

/** The server's scheduler with every job it runs (started; `stop()` at shutdown). */
export function startJobs(options: { config: Config; handle: Pick<DbHandle, "db" | "kind">; clock: Clock; log: JobLog }): Scheduler {
  const scheduler = new Scheduler({ clock: options.clock, lock: jobLockFor(options.handle), log: options.log });
  for (const job of housekeepingJobs({ everyMs: options.config.JOBS_HOUSEKEEPING_INTERVAL_MS, loginWindowMs: LOGIN_WINDOW_MS })) scheduler.add(job);
  return scheduler.start();
}
