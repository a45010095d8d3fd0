import { type Locale, localeOrDefault } from "../../../common/locales";
import { listActiveCoordinators, listForumEvents } from "../../../db/queries/calendar";
import { enqueue } from "../../../db/queries/jobs";
import type { Executor } from "../../../db/queries/users";
import { formatList } from "../../lib/i18n/format";
import { format } from "../../lib/i18n/messages";
import { inLocale } from "../../lib/i18n/request-locale.server";
import { formatTime } from "../../lib/format-time";
import { renderMail } from "../../lib/mail/templates";
import { deadlineOf } from "../calendar.server";
import { mailOrigin } from "./addresses.server";
import { deliveryFor } from "./preferences.server";

/**
 * Reminders to coordinators before each forum deadline that concerns them (issue 25): a call for
 * sessions closing, a report due. Three per deadline: 14 days before, 3 days before, and on the
 * day (from 00:00 UTC of the deadline's date). A periodic job (server/jobs/reminders.ts) calls
 * `planDeadlineReminders` with the clock's time; each mail is a keyed `mail:send` job — by event,
 * deadline, step and person — so running it again, or on several instances, mails no one twice,
 * and a deadline moved later reminds again. A step whose moment passed more than a day ago (the
 * server was down) is skipped: the next step covers it. Coordinators whose mail from every
 * coalition they coordinate is off get none. Written in the coordinator's language.
 */
export const REMINDER_STEPS = [14, 3, 0] as const;
const DAY_MS = 86_400_000;
const LATE_LIMIT_MS = DAY_MS;

/** When the reminder `daysBefore` a deadline is due. */
export function reminderMoment(deadlineAt: string, daysBefore: number): number {
  const deadline = Date.parse(deadlineAt);
  if (daysBefore > 0) return deadline - daysBefore * DAY_MS;
  const d = new Date(deadline);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/** The step due at `now` for a deadline, if any (the latest whose moment has come and is not too old). */
export function dueStep(deadlineAt: string, now: number): number | null {
  if (now >= Date.parse(deadlineAt)) return null;
  for (const step of [...REMINDER_STEPS].sort((a, b) => a - b)) {
    const moment = reminderMoment(deadlineAt, step);
    if (now >= moment) return now - moment <= LATE_LIMIT_MS ? step : null;
  }
  return null;
}

/** Enqueues the reminders due at `now`; returns how many new mails were enqueued. */
export async function planDeadlineReminders(db: Executor, now: Date): Promise<number> {
  const due = (await listForumEvents(db))
    .map((e) => ({ event: e, deadlineAt: deadlineOf(e) }))
    .filter((d): d is { event: (typeof d)["event"]; deadlineAt: string } => d.deadlineAt !== null)
    .map((d) => ({ ...d, step: dueStep(d.deadlineAt, now.getTime()) }))
    .filter((d) => d.step !== null);
  if (due.length === 0) return 0;

  // Each coordinator, with the coalitions they coordinate whose mail is not off.
  const people = new Map<string, { email: string; name: string; locale: Locale; coalitions: string[] }>();
  for (const row of await listActiveCoordinators(db)) {
    if ((await deliveryFor(db, row.user_id, { coalitionId: row.coalition_id })).delivery === "off") continue;
    const person = people.get(row.user_id) ?? { email: row.email, name: row.name, locale: localeOrDefault(row.language), coalitions: [] };
    person.coalitions.push(row.coalition_name);
    people.set(row.user_id, person);
  }

  let enqueued = 0;
  for (const { event, deadlineAt, step } of due) {
    for (const [userId, person] of people) {
      const mail = inLocale(person.locale, () => {
        const when = formatTime(deadlineAt);
        const values = { title: event.title, when, days: step! };
        return renderMail({
          locale: person.locale,
          recipientName: person.name,
          headline: format(person.locale, step === 0 ? "reminders.deadline.today" : "reminders.deadline.inDays", values),
          excerpt: format(person.locale, event.kind === "report_deadline" ? "reminders.deadline.report" : "reminders.deadline.call", { coalitions: formatList(person.coalitions, "conjunction", person.locale), when }),
          actionUrl: `${mailOrigin()}/calendar#event-${event.id}`,
          actionLabel: format(person.locale, "reminders.deadline.action"),
          why: format(person.locale, "reminders.deadline.why"),
          preferencesUrl: `${mailOrigin()}/settings/notifications`,
        });
      });
      const key = `deadline-reminder:${event.id}:${deadlineAt}:${step}:${userId}`;
      if (await enqueue(db, "mail:send", { to: person.email, subject: mail.subject, text: mail.text, html: mail.html, headers: { "Auto-Submitted": "auto-generated" } }, { key })) enqueued++;
    }
  }
  return enqueued;
}
