import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";
import * as calendar from "../../db/queries/calendar";
import { exampleCycleRows, exampleCycleYear } from "../../db/seed-calendar";
import type { CalendarEvent } from "../../db/schema";
import type { EventInput } from "../lib/calendar-schemas";
import { forbidden, notFound } from "../lib/http.server";
import { t } from "../lib/i18n/messages";
import { renderMarkdown } from "../lib/markdown.server";
import { can, principalRoles } from "../lib/permissions";
import type { RequestUser } from "../load-context";
import { writeAudit } from "./audit.server";
import { splitByTime } from "./calendar-view.server";

// The forum calendar (issue 25): kept by site administrators (`site:admin`), read by everyone.
// Every change is audited (site-wide rows: no coalition) and raises the event's SEQUENCE.

function requireAdmin(actor: RequestUser): void {
  if (!can(principalRoles({ signedIn: true, isSiteAdmin: actor.isSiteAdmin }), "site:admin")) {
    throw forbidden(t("calendar.error.adminOnly"));
  }
}

/** The forum's events, upcoming and past, in the viewer's zone. */
export async function forumCalendar(zone: string, at: Date = new Date()) {
  const events = await calendar.listForumEvents(getDb());
  return { ...splitByTime(events, zone, at), hasExample: events.some((e) => e.is_example === 1) };
}

export async function requireForumEvent(id: string | undefined): Promise<CalendarEvent> {
  const row = id ? await calendar.findForumEvent(getDb(), id) : undefined;
  if (!row) throw notFound(t("calendar.error.notFound"));
  return row;
}

/** The columns an event form sets (the description rendered through the posts' sanitiser). */
export function eventColumns(input: EventInput) {
  return {
    kind: input.kind,
    title: input.title,
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    deadline_at: input.deadlineAt,
    time_zone: input.timeZone,
    mode: input.mode,
    location: input.location,
    url: input.url,
    description: input.description,
    description_html: input.description ? renderMarkdown(input.description).html : "",
  };
}

export async function createForumEvent(actor: RequestUser, input: EventInput): Promise<string> {
  requireAdmin(actor);
  const id = newId();
  const at = now();
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await calendar.insertCalendarEvent(trx, { id, coalition_id: null, ...eventColumns(input), created_by: actor.id, created_at: at, updated_at: at });
      await writeAudit(trx, { coalitionId: null, actorId: actor.id, action: "calendar_event.created", detail: { eventId: id, title: input.title }, at });
    });
  return id;
}

export async function updateForumEvent(actor: RequestUser, event: CalendarEvent, input: EventInput): Promise<void> {
  requireAdmin(actor);
  const at = now();
  await getDb()
    .transaction()
    .execute(async (trx) => {
      // An edited example is no longer an example: the administrator made it real.
      await calendar.updateCalendarEvent(trx, event.id, { ...eventColumns(input), is_example: 0, updated_at: at });
      await writeAudit(trx, { coalitionId: null, actorId: actor.id, action: "calendar_event.updated", detail: { eventId: event.id, title: input.title }, at });
    });
}

export async function deleteForumEvent(actor: RequestUser, event: CalendarEvent): Promise<void> {
  requireAdmin(actor);
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await calendar.deleteCalendarEvent(trx, event.id);
      await writeAudit(trx, { coalitionId: null, actorId: actor.id, action: "calendar_event.deleted", detail: { eventId: event.id, title: event.title } });
    });
}

/** Adds the example cycle (a fresh install has it already; this brings it back once removed). */
export async function addExampleCycle(actor: RequestUser, at: Date = new Date()): Promise<number> {
  requireAdmin(actor);
  const stamp = at.toISOString();
  return getDb()
    .transaction()
    .execute(async (trx) => {
      if ((await calendar.countExampleEvents(trx)) > 0) return 0;
      const rows = exampleCycleRows(exampleCycleYear(at), actor.id, stamp);
      for (const row of rows) {
        await calendar.insertCalendarEvent(trx, row);
        await writeAudit(trx, { coalitionId: null, actorId: actor.id, action: "calendar_event.created", detail: { eventId: row.id, title: row.title }, at: stamp });
      }
      return rows.length;
    });
}

/** A deadline on the forum calendar: a call for sessions' closing or a report deadline. */
export interface UpcomingDeadline {
  eventId: string;
  kind: "call_for_sessions" | "report_deadline";
  title: string;
  deadlineAt: string;
  /** The coalitions the person coordinates, which the deadline concerns. */
  coalitions: { id: string; slug: string; name: string }[];
}

/** When a forum event's deadline falls, or null for kinds that have none. */
export function deadlineOf(e: Pick<CalendarEvent, "kind" | "deadline_at" | "starts_at">): string | null {
  if (e.kind === "call_for_sessions") return e.deadline_at;
  if (e.kind === "report_deadline") return e.deadline_at ?? e.starts_at;
  return null;
}

/**
 * The forum deadlines between `from` and `from + withinDays` that concern a coordinator: every
 * call for sessions and report deadline, for the (not archived) coalitions they coordinate. Empty
 * for someone who coordinates none. (The reminders mailed before each deadline are planned by app/models/mail/deadline-reminders.server.ts.)
 */
export async function upcomingDeadlinesForCoordinator(userId: string, from: Date, withinDays: number): Promise<UpcomingDeadline[]> {
  const db = getDb();
  const coordinated = (await calendar.listMembershipCoalitions(db, userId))
    .filter((c) => c.role === "coordinator" && !c.archived_at)
    .map((c) => ({ id: c.id, slug: c.slug, name: c.name }));
  if (coordinated.length === 0) return [];
  const fromIso = from.toISOString();
  const untilIso = new Date(from.getTime() + withinDays * 86_400_000).toISOString();
  const out: UpcomingDeadline[] = [];
  for (const e of await calendar.listForumEvents(db)) {
    const deadlineAt = deadlineOf(e);
    if (!deadlineAt || deadlineAt < fromIso || deadlineAt > untilIso) continue;
    out.push({ eventId: e.id, kind: e.kind as UpcomingDeadline["kind"], title: e.title, deadlineAt, coalitions: coordinated });
  }
  return out.sort((a, b) => a.deadlineAt.localeCompare(b.deadlineAt));
}
