import type { CalendarEvent } from "../../db/schema";
import { kindLabel } from "../lib/calendar-schemas";
import { formatInZone, formatRangeInZone, utcToZonedInput } from "../lib/time-zones";

/**
 * An event as a page shows it, its times already written in the viewer's zone (on the server,
 * so the HTML and the hydrated page agree), in the request's language. The zone it was entered in
 * is kept beside it.
 */
export interface EventView {
  id: string;
  kind: CalendarEvent["kind"];
  kindLabel: string;
  title: string;
  when: string;
  startsAt: string;
  endsAt: string;
  deadline: string | null;
  enteredIn: string;
  mode: CalendarEvent["mode"];
  location: string | null;
  url: string | null;
  descriptionHtml: string;
  isExample: boolean;
  sequence: number;
  agendaDocumentId: string | null;
  minutesDocumentId: string | null;
}

export function viewOf(e: CalendarEvent, zone: string): EventView {
  return {
    id: e.id,
    kind: e.kind,
    kindLabel: kindLabel(e.kind),
    title: e.title,
    when: formatRangeInZone(e.starts_at, e.ends_at, zone),
    startsAt: e.starts_at,
    endsAt: e.ends_at,
    deadline: e.deadline_at ? formatInZone(e.deadline_at, zone) : null,
    enteredIn: e.time_zone,
    mode: e.mode,
    location: e.location,
    url: e.url,
    descriptionHtml: e.description_html,
    isExample: e.is_example === 1,
    sequence: e.sequence,
    agendaDocumentId: e.agenda_document_id,
    minutesDocumentId: e.minutes_document_id,
  };
}

/** Upcoming (not yet ended, earliest first) and past (latest first) events. */
export function splitByTime(events: CalendarEvent[], zone: string, at: Date = new Date()) {
  const nowIso = at.toISOString();
  const upcoming = events.filter((e) => e.ends_at >= nowIso).map((e) => viewOf(e, zone));
  const past = events
    .filter((e) => e.ends_at < nowIso)
    .reverse()
    .map((e) => viewOf(e, zone));
  return { upcoming, past };
}

/** The edit form's values for a stored event (its times as wall times in its own zone). */
export function formValuesOf(e: CalendarEvent) {
  return {
    title: e.title,
    kind: e.kind,
    mode: e.mode ?? "online",
    starts_at: utcToZonedInput(e.starts_at, e.time_zone),
    ends_at: utcToZonedInput(e.ends_at, e.time_zone),
    deadline_at: e.deadline_at ? utcToZonedInput(e.deadline_at, e.time_zone) : "",
    time_zone: e.time_zone,
    location: e.location ?? "",
    url: e.url ?? "",
    description: e.description,
  };
}
