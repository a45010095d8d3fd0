import { getDb } from "../../../db/client";
import * as q from "../../../db/queries/reports";
import { REGIONS, STAKEHOLDER_GROUPS } from "../../lib/stakeholders";

/**
 * What the workspace knows about one coalition's calendar year (UTC), for the annual report.
 * Plain numbers and rows; `report-document.server.ts` writes them as a document and
 * tests/integration/annual-report.test.ts recounts each of them in SQL.
 */

export const yearRange = (year: number): q.Range => ({ from: `${year}-01-01T00:00:00.000Z`, to: `${year + 1}-01-01T00:00:00.000Z` });

export interface ReportFigures {
  year: number;
  outputs: Array<{ versionId: string; title: string; number: number; label: string; publishedAt: string }>;
  meetings: Array<{ id: string; title: string; startsAt: string; present: number; minutesDocumentId: string | null }>;
  attendance: { total: number; distinct: number };
  participation: { threads: number; posts: number; participants: number };
  membership: { atEnd: number; joined: number; byGroup: Record<string, number>; byRegion: Record<string, number> };
  joinRequests: { received: number; approved: number; declined: number };
  annualMeetings: Array<{ id: string; title: string; startsAt: string }>;
  sessionReports: Array<{ documentId: string; title: string; versionId: string | null }>;
  coordination: { held: Array<{ id: string; title: string; startsAt: string; attended: boolean }>; attended: number };
}

function tally(values: Array<string | null>, known: ReadonlyArray<{ id: string }>): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(known.map((k) => [k.id, 0]));
  out.unknown = 0;
  for (const v of values) out[v && v in out ? v : "unknown"] += 1;
  return out;
}

/** The figures of `year` for one coalition. Meetings count once they started (a future one is not "held"). */
export async function reportFigures(coalitionId: string, year: number, at: Date = new Date()): Promise<ReportFigures> {
  const db = getDb();
  const range = yearRange(year);
  const held: q.Range = { from: range.from, to: range.to < at.toISOString() ? range.to : at.toISOString() };
  const [outputs, meetings, distinct, participation, members, joinRequests, annualMeetings, reports, coordinationHeld, attendedIds] = await Promise.all([
    q.listOutputsPublished(db, coalitionId, range),
    q.listMeetingsHeld(db, coalitionId, held),
    q.countDistinctAttendees(db, coalitionId, held),
    q.participation(db, coalitionId, range),
    q.listMembersJoinedBefore(db, coalitionId, range.to),
    q.joinRequestCounts(db, coalitionId, range),
    q.listForumEventsOfKind(db, "annual_meeting", range),
    q.listReports(db, coalitionId),
    q.listForumEventsOfKind(db, "coordination_meeting", held),
    q.listCoordinationAttended(db, coalitionId),
  ]);
  const attendedSet = new Set(attendedIds);
  const coordination = coordinationHeld.map((e) => ({ id: e.id, title: e.title, startsAt: e.starts_at, attended: attendedSet.has(e.id) }));
  return {
    year,
    outputs: outputs.map((v) => ({ versionId: v.id, title: v.title, number: Number(v.number), label: v.label, publishedAt: v.published_at })),
    meetings: meetings.map((m) => ({ id: m.id, title: m.title, startsAt: m.starts_at, present: m.present, minutesDocumentId: m.minutes_document_id })),
    attendance: { total: meetings.reduce((sum, m) => sum + m.present, 0), distinct },
    participation,
    membership: {
      atEnd: members.length,
      joined: members.filter((m) => m.created_at >= range.from).length,
      byGroup: tally(members.map((m) => m.stakeholder_group), STAKEHOLDER_GROUPS),
      byRegion: tally(members.map((m) => m.region), REGIONS),
    },
    joinRequests,
    annualMeetings: annualMeetings.map((e) => ({ id: e.id, title: e.title, startsAt: e.starts_at })),
    sessionReports: reports.filter((r) => r.kind === "session" && r.year === year).map((r) => ({ documentId: r.document_id, title: r.title, versionId: r.version_id })),
    coordination: { held: coordination, attended: coordination.filter((e) => e.attended).length },
  };
}
