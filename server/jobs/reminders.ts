import { planDeadlineReminders } from "../../app/models/mail/deadline-reminders.server";
import type { PeriodicJob } from "./scheduler";

/** How often the planner looks for deadline reminders that are due (they are keyed: a second look sends nothing again). */
export const REMINDER_PLAN_INTERVAL_MS = 15 * 60_000;

/** Reminders to coordinators before forum deadlines (app/models/mail/deadline-reminders.server.ts). */
export function deadlineReminderJob(options: { everyMs?: number } = {}): PeriodicJob {
  return {
    name: "mail.deadline-reminders",
    everyMs: options.everyMs ?? REMINDER_PLAN_INTERVAL_MS,
    run: async ({ db, now }) => void (await planDeadlineReminders(db, now)),
  };
}
