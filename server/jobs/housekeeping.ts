import { dropExpiredArchives } from "../../db/queries/data-exports";
import { pruneDoneJobs } from "../../db/queries/jobs";
import { pruneLoginFailures } from "../../db/queries/login-failures";
import { deleteExpiredSessions } from "../../db/queries/sessions";
import type { PeriodicJob } from "./scheduler";

/**
 * The first jobs: rows nothing reads any more. Expired sessions are refused when presented (and
 * Lucia deletes one then), but a session never presented again stays; login failures count only
 * within the throttle's window (LOGIN_WINDOW_MS in app/models/auth.server.ts).
 */
export function housekeepingJobs(options: { everyMs: number; loginWindowMs: number }): PeriodicJob[] {
  return [
    {
      name: "housekeeping.expired-sessions",
      everyMs: options.everyMs,
      run: ({ db, now }) => deleteExpiredSessions(db, now.toISOString()),
    },
    {
      name: "housekeeping.login-failures",
      everyMs: options.everyMs,
      run: ({ db, now }) => pruneLoginFailures(db, new Date(now.getTime() - options.loginWindowMs).toISOString()),
    },
    {
      // Finished durable jobs are kept a week (their idempotency keys with them), then deleted.
      name: "housekeeping.done-jobs",
      everyMs: options.everyMs,
      run: ({ db, now }) => pruneDoneJobs(db, new Date(now.getTime() - 7 * 24 * 3600_000).toISOString()),
    },
    {
      // "Download my data" archives are kept only while their link is valid (issue 27).
      name: "housekeeping.expired-data-exports",
      everyMs: options.everyMs,
      run: ({ db, now }) => dropExpiredArchives(db, now.toISOString()),
    },
  ];
}
