import { forumCalendar } from "../calendar.server";

/**
 * The forum's deadlines still ahead (calls for sessions, report deadlines), as a coalition's
 * calendar shows them beside its meetings: they concern every coalition (issue 25). Forum
 * events are public, so no permission is asked.
 */
export async function forumDeadlinesAhead(zone: string, at: Date = new Date()) {
  const { upcoming } = await forumCalendar(zone, at);
  return upcoming.filter((e) => e.kind === "call_for_sessions" || e.kind === "report_deadline");
}
