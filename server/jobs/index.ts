import type { Config } from "../../app/lib/config.server";
import { createMailTransport } from "../../app/lib/mail/transport.server";
import { LOGIN_WINDOW_MS } from "../../app/models/auth.server";
import type { DbHandle } from "../../db/client";
import type { Clock } from "./clock";
import { digestJob } from "./digests";
import { jobHandlers } from "./handlers";
import { housekeepingJobs } from "./housekeeping";
import { jobLockFor } from "./lock";
import { JobRunner } from "./queue";
import { type JobLog, Scheduler } from "./scheduler";
import { deadlineReminderJob } from "./reminders";

export { FakeClock, systemClock, type Clock } from "./clock";
export { jobLockFor, type JobLock } from "./lock";
export { JobRunner, type JobHandler, type JobHandlers } from "./queue";
export { digestJob } from "./digests";
export { Scheduler, type JobContext, type JobOutcome, type PeriodicJob } from "./scheduler";

export interface RunningJobs {
  scheduler: Scheduler;
  runner: JobRunner;
  stop(): Promise<void>;
}

/** The server's scheduler with every periodic job, and the durable job runner (started; `stop()` at shutdown). */
export function startJobs(options: { config: Config; handle: Pick<DbHandle, "db" | "kind">; clock: Clock; log: JobLog }): RunningJobs {
  const { config, handle, clock, log } = options;
  const scheduler = new Scheduler({ clock, lock: jobLockFor(handle), log });
  for (const job of housekeepingJobs({ everyMs: config.JOBS_HOUSEKEEPING_INTERVAL_MS, loginWindowMs: LOGIN_WINDOW_MS })) scheduler.add(job);
  scheduler.add(digestJob());
  scheduler.add(deadlineReminderJob());
  const mail = createMailTransport({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, log, connections: config.MAIL_SMTP_CONNECTIONS });
  const runner = new JobRunner({
    db: handle.db,
    dialect: handle.kind,
    clock,
    log,
    handlers: jobHandlers({ mail }),
    pollMs: config.JOBS_POLL_INTERVAL_MS,
    // As many mails at once as the transport keeps SMTP connections.
    parallel: { kinds: new Set(["mail:send"]), limit: config.MAIL_SMTP_CONNECTIONS },
  });
  scheduler.start();
  runner.start();
  return {
    scheduler,
    runner,
    async stop() {
      await Promise.all([scheduler.stop(), runner.stop()]);
      mail.close();
    },
  };
}
