import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";
import * as calendar from "../../db/queries/calendar";
import { listMembers } from "../../db/queries/memberships";
import type { CalendarEvent } from "../../db/schema";
import type { EventInput } from "../lib/calendar-schemas";
import { notFound } from "../lib/http.server";
import { t } from "../lib/i18n/messages";
import { refusal, type Refusal } from "../lib/policy";
import { requireAllowed, type CoalitionAccess } from "./access.server";
import { writeAudit } from "./audit.server";
import { eventColumns } from "./calendar.server";
import { splitByTime, viewOf } from "./calendar-view.server";
import { createDocument } from "./documents.server";

// A coalition's meetings (issue 25): scheduled and changed by coordinators (`event:create`,
// `event:edit`), read by whoever may see the coalition (`event:read`). The agenda and the minutes
// are ordinary documents of the coalition, linked from the meeting. Every change is audited.

export async function coalitionCalendar(access: CoalitionAccess, zone: string, at: Date = new Date()) {
  requireAllowed(access, "event:read");
  const events = await calendar.listCoalitionEvents(getDb(), [access.coalition.id]);
  return splitByTime(events, zone, at);
}

export async function requireMeeting(access: CoalitionAccess, id: string | undefined): Promise<CalendarEvent> {
  requireAllowed(access, "event:read");
  const row = id ? await calendar.findCoalitionEvent(getDb(), access.coalition.id, id) : undefined;
  if (!row) throw notFound(t("meetings.error.notFound"));
  return row;
}

/** One meeting for its page: the event, who attended, and (for coordinators) the members to tick. */
export async function meetingPage(access: CoalitionAccess, event: CalendarEvent, zone: string) {
  const db = getDb();
  const attended = new Set(await calendar.listAttendance(db, event.id));
  const canEdit = access.abilities["event:edit"];
  const members = await listMembers(db, access.coalition.id);
  const docTitles = new Map(
    (
      await db
        .selectFrom("documents")
        .select(["id", "title"])
        .where("id", "in", [event.agenda_document_id ?? "", event.minutes_document_id ?? ""])
        .execute()
    ).map((d) => [d.id, d.title]),
  );
  return {
    event: viewOf(event, zone),
    agendaTitle: event.agenda_document_id ? (docTitles.get(event.agenda_document_id) ?? null) : null,
    minutesTitle: event.minutes_document_id ? (docTitles.get(event.minutes_document_id) ?? null) : null,
    // Names of those present are shown to whoever may list the members; the checklist only to coordinators.
    attendance: access.abilities["member:list"]
      ? members.map((m) => ({ userId: m.userId, name: m.name, present: attended.has(m.userId) })).filter((m) => canEdit || m.present)
      : [],
    presentCount: attended.size,
  };
}

export async function createMeeting(access: CoalitionAccess, input: EventInput): Promise<string> {
  requireAllowed(access, "event:create");
  const id = newId();
  const at = now();
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await calendar.insertCalendarEvent(trx, { id, coalition_id: access.coalition.id, ...eventColumns(input), created_by: access.user!.id, created_at: at, updated_at: at });
      await writeAudit(trx, { coalitionId: access.coalition.id, actorId: access.user!.id, action: "meeting.created", detail: { eventId: id, title: input.title }, at });
    });
  return id;
}

export async function updateMeeting(access: CoalitionAccess, event: CalendarEvent, input: EventInput): Promise<void> {
  requireAllowed(access, "event:edit");
  const at = now();
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await calendar.updateCalendarEvent(trx, event.id, { ...eventColumns(input), updated_at: at });
      await writeAudit(trx, { coalitionId: access.coalition.id, actorId: access.user!.id, action: "meeting.updated", detail: { eventId: event.id, title: input.title }, at });
    });
}

export async function deleteMeeting(access: CoalitionAccess, event: CalendarEvent): Promise<void> {
  requireAllowed(access, "event:edit");
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await calendar.deleteCalendarEvent(trx, event.id);
      await writeAudit(trx, { coalitionId: access.coalition.id, actorId: access.user!.id, action: "meeting.deleted", detail: { eventId: event.id, title: event.title } });
    });
}

/**
 * Creates the meeting's agenda or minutes as an ordinary document of the coalition (the same
 * use-case as the documents page, so `document:create` is asked too) and links it. A second
 * call finds the link already there and returns that document.
 */
export async function createMeetingDocument(access: CoalitionAccess, event: CalendarEvent, which: "agenda" | "minutes"): Promise<string> {
  requireAllowed(access, "event:edit");
  const existing = which === "agenda" ? event.agenda_document_id : event.minutes_document_id;
  if (existing) return existing;
  const date = event.starts_at.slice(0, 10);
  const title = t(which === "agenda" ? "meetings.document.agendaTitle" : "meetings.document.minutesTitle", { title: event.title, date });
  const documentId = await createDocument(access, title.slice(0, 200));
  await calendar.updateCalendarEvent(getDb(), event.id, which === "agenda" ? { agenda_document_id: documentId } : { minutes_document_id: documentId });
  return documentId;
}

/** Records who was present: exactly the ticked members (anyone else is refused). */
export async function recordAttendance(access: CoalitionAccess, event: CalendarEvent, userIds: string[]): Promise<{ ok: true; count: number } | Refusal> {
  requireAllowed(access, "event:edit");
  const db = getDb();
  const members = new Set((await listMembers(db, access.coalition.id)).map((m) => m.userId));
  const chosen = Array.from(new Set(userIds));
  if (chosen.some((id) => !members.has(id))) return refusal(400, t("meetings.error.notMember"));
  const at = now();
  await db.transaction().execute(async (trx) => {
    await calendar.replaceAttendance(trx, event.id, chosen, access.user!.id, at);
    await writeAudit(trx, { coalitionId: access.coalition.id, actorId: access.user!.id, action: "meeting.attendance_recorded", detail: { eventId: event.id, title: event.title, count: chosen.length }, at });
  });
  return { ok: true, count: chosen.length };
}
