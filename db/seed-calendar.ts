import type { Insertable } from "kysely";
import { newId } from "./ids";
import type { CalendarEventTable, ForumEventKind } from "./schema";

/**
 * An example IGF cycle for the forum calendar (issue 25), marked as an example (`is_example`
 * and "Example:" in each title): the real dates change every year and are entered by a site
 * administrator. Its shape follows a usual cycle: open consultations early in the year, the
 * call for sessions from March, coordination-group meetings, the annual meeting in June, session
 * reports two weeks after it and the yearly reports in the autumn. Times are given in UTC with
 * the zone they were meant in (Geneva for the secretariat's consultations).
 */
interface ExampleEvent {
  kind: ForumEventKind;
  title: string;
  start: string; // UTC, without the year: "MM-DDTHH:mm"
  end: string;
  deadline?: string;
  timeZone: string;
  location?: string;
  url?: string;
  description: string;
}

const EXAMPLES: ExampleEvent[] = [
  {
    kind: "consultation",
    title: "Open consultations and programme meeting",
    start: "02-24T08:00",
    end: "02-26T16:00",
    timeZone: "Europe/Zurich",
    location: "Geneva and online",
    description: "Stakeholders comment on the last cycle and propose themes for this one. Coalitions may send a short written contribution.",
  },
  {
    kind: "call_for_sessions",
    title: "Call for sessions at the annual meeting",
    start: "03-16T00:00",
    end: "04-30T23:59",
    deadline: "04-30T23:59",
    timeZone: "UTC",
    description: "Coalitions that meet the activity criteria may propose one session each. Proposals close at the deadline.",
  },
  {
    kind: "coordination_meeting",
    title: "Coordination group meeting",
    start: "05-19T13:00",
    end: "05-19T14:30",
    timeZone: "UTC",
    location: "Online",
    description: "Coordinators of all coalitions prepare the main session at the annual meeting. Attendance counts towards each coalition's activity.",
  },
  {
    kind: "annual_meeting",
    title: "Annual meeting",
    start: "06-22T07:00",
    end: "06-26T16:00",
    timeZone: "Europe/Oslo",
    location: "Host city to be announced",
    description: "The forum's annual meeting, with the coalitions' sessions and their main session.",
  },
  {
    kind: "report_deadline",
    title: "Session reports due",
    start: "07-10T23:59",
    end: "07-10T23:59",
    timeZone: "UTC",
    description: "Each coalition files the report of its session two weeks after the annual meeting.",
  },
  {
    kind: "coordination_meeting",
    title: "Coordination group meeting",
    start: "09-15T13:00",
    end: "09-15T14:30",
    timeZone: "UTC",
    location: "Online",
    description: "Stock-taking of the annual meeting and planning for the yearly reports.",
  },
  {
    kind: "report_deadline",
    title: "Yearly coalition reports due",
    start: "11-16T23:59",
    end: "11-16T23:59",
    timeZone: "UTC",
    description: "Coalitions file their yearly report to stay listed as active.",
  },
];

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The year an example cycle is laid in: this year's until June, else next year's. */
export function exampleCycleYear(at: Date): number {
  return at.getUTCMonth() >= 6 ? at.getUTCFullYear() + 1 : at.getUTCFullYear();
}

/** The example cycle's rows for one year (marked as examples), ready to insert. */
export function exampleCycleRows(year: number, createdBy: string | null, at: string): Insertable<CalendarEventTable>[] {
  const iso = (mmdd: string) => new Date(`${year}-${mmdd}:00.000Z`).toISOString();
  return EXAMPLES.map((e) => {
    const description = `This is an example entry: replace it with the forum's real dates. ${e.description}`;
    return {
      id: newId(),
      coalition_id: null,
      kind: e.kind,
      title: `Example: ${e.title}`,
      starts_at: iso(e.start),
      ends_at: iso(e.end),
      deadline_at: e.deadline ? iso(e.deadline) : null,
      time_zone: e.timeZone,
      mode: null,
      location: e.location ?? null,
      url: e.url ?? null,
      description,
      description_html: `<p>${escapeHtml(description)}</p>`,
      agenda_document_id: null,
      minutes_document_id: null,
      is_example: 1,
      sequence: 0,
      created_by: createdBy,
      created_at: at,
      updated_at: at,
    };
  });
}
