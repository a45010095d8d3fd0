import type { CoalitionReportKind } from "../schema";
import type { Executor } from "./users";

// The annual report's figures and the report markers (migration 0029). Every function takes a
// coalition id and a half-open time range [from, to) of ISO strings; callers decide who may see.

export interface Range {
  from: string;
  to: string;
}

/** Versions published in the range and not withdrawn, of documents that are not themselves reports. */
export function listOutputsPublished(db: Executor, coalitionId: string, r: Range) {
  return db
    .selectFrom("document_versions as v")
    .innerJoin("documents as d", "d.id", "v.document_id")
    .select(["v.id", "v.document_id", "d.title", "v.number", "v.label", "v.published_at"])
    .where("v.coalition_id", "=", coalitionId)
    .where("v.published_at", ">=", r.from)
    .where("v.published_at", "<", r.to)
    .where("v.withdrawn_at", "is", null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("coalition_reports as cr").select("cr.document_id").whereRef("cr.document_id", "=", "v.document_id"))))
    .orderBy("v.published_at")
    .orderBy("v.id")
    .execute();
}

/** The coalition's meetings that started in the range, with how many were recorded present. */
export async function listMeetingsHeld(db: Executor, coalitionId: string, r: Range) {
  const rows = await db
    .selectFrom("calendar_events as e")
    .select(["e.id", "e.title", "e.starts_at", "e.minutes_document_id"])
    .select((eb) => eb.selectFrom("event_attendance as a").select((a) => a.fn.countAll<number>().as("n")).whereRef("a.event_id", "=", "e.id").as("present"))
    .where("e.coalition_id", "=", coalitionId)
    .where("e.kind", "=", "meeting")
    .where("e.starts_at", ">=", r.from)
    .where("e.starts_at", "<", r.to)
    .orderBy("e.starts_at")
    .orderBy("e.id")
    .execute();
  return rows.map((m) => ({ ...m, present: Number(m.present ?? 0) }));
}

/** Distinct people recorded present at the coalition's meetings that started in the range. */
export async function countDistinctAttendees(db: Executor, coalitionId: string, r: Range): Promise<number> {
  const row = await db
    .selectFrom("event_attendance as a")
    .innerJoin("calendar_events as e", "e.id", "a.event_id")
    .select((eb) => eb.fn.count<number>("a.user_id").distinct().as("n"))
    .where("e.coalition_id", "=", coalitionId)
    .where("e.kind", "=", "meeting")
    .where("e.starts_at", ">=", r.from)
    .where("e.starts_at", "<", r.to)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Threads started, posts written (not deleted) and distinct authors of those posts in the range. */
export async function participation(db: Executor, coalitionId: string, r: Range) {
  const threads = await db
    .selectFrom("threads")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("coalition_id", "=", coalitionId)
    .where("created_at", ">=", r.from)
    .where("created_at", "<", r.to)
    .executeTakeFirstOrThrow();
  const posts = await db
    .selectFrom("posts as p")
    .innerJoin("threads as t", "t.id", "p.thread_id")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.count<number>("p.author_id").distinct().as("people")])
    .where("t.coalition_id", "=", coalitionId)
    .where("p.created_at", ">=", r.from)
    .where("p.created_at", "<", r.to)
    .where("p.deleted_at", "is", null)
    .executeTakeFirstOrThrow();
  return { threads: Number(threads.n), posts: Number(posts.n), participants: Number(posts.people) };
}

/** Today's members who had joined before `to`, with the stakeholder group and region of their profiles. */
export function listMembersJoinedBefore(db: Executor, coalitionId: string, to: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["m.user_id", "m.created_at", "u.stakeholder_group", "u.region"])
    .where("m.coalition_id", "=", coalitionId)
    .where("m.created_at", "<", to)
    .execute();
}

/** Join requests made in the range, by what became of them. */
export async function joinRequestCounts(db: Executor, coalitionId: string, r: Range) {
  const rows = await db
    .selectFrom("join_requests")
    .select(["status"])
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("coalition_id", "=", coalitionId)
    .where("created_at", ">=", r.from)
    .where("created_at", "<", r.to)
    .groupBy("status")
    .execute();
  const by = (s: string) => Number(rows.find((x) => x.status === s)?.n ?? 0);
  return { received: rows.reduce((sum, x) => sum + Number(x.n), 0), approved: by("approved"), declined: by("declined") };
}

/** Forum events of one kind that started in the range, earliest first. */
export function listForumEventsOfKind(db: Executor, kind: "annual_meeting" | "coordination_meeting", r: Range) {
  return db
    .selectFrom("calendar_events")
    .select(["id", "title", "starts_at"])
    .where("coalition_id", "is", null)
    .where("kind", "=", kind)
    .where("starts_at", ">=", r.from)
    .where("starts_at", "<", r.to)
    .orderBy("starts_at")
    .orderBy("id")
    .execute();
}

// Coordination-group attendance.

export async function listCoordinationAttended(db: Executor, coalitionId: string): Promise<string[]> {
  const rows = await db.selectFrom("coordination_attendance").select("event_id").where("coalition_id", "=", coalitionId).execute();
  return rows.map((r) => r.event_id);
}

export async function setCoordinationAttended(db: Executor, input: { eventId: string; coalitionId: string; attended: boolean; by: string; at: string }): Promise<void> {
  await db.deleteFrom("coordination_attendance").where("event_id", "=", input.eventId).where("coalition_id", "=", input.coalitionId).execute();
  if (input.attended) {
    await db.insertInto("coordination_attendance").values({ event_id: input.eventId, coalition_id: input.coalitionId, recorded_by: input.by, recorded_at: input.at }).execute();
  }
}

// Report markers.

export interface ReportRow {
  document_id: string;
  kind: CoalitionReportKind;
  year: number;
  title: string;
  archived_at: string | null;
  /** The latest version that is not withdrawn, if any. */
  version_id: string | null;
  published_at: string | null;
}

/** The coalition's marked reports, each with its latest standing version. */
export async function listReports(db: Executor, coalitionId: string): Promise<ReportRow[]> {
  const rows = await db
    .selectFrom("coalition_reports as cr")
    .innerJoin("documents as d", "d.id", "cr.document_id")
    .select(["cr.document_id", "cr.kind", "cr.year", "d.title", "d.archived_at"])
    .where("cr.coalition_id", "=", coalitionId)
    .orderBy("cr.year", "desc")
    .execute();
  const out: ReportRow[] = [];
  for (const row of rows) {
    const v = await db
      .selectFrom("document_versions")
      .select(["id", "published_at"])
      .where("document_id", "=", row.document_id)
      .where("withdrawn_at", "is", null)
      .orderBy("number", "desc")
      .limit(1)
      .executeTakeFirst();
    out.push({ ...row, year: Number(row.year), version_id: v?.id ?? null, published_at: v?.published_at ?? null });
  }
  return out;
}

export async function insertReport(db: Executor, row: { document_id: string; coalition_id: string; kind: CoalitionReportKind; year: number; created_by: string; created_at: string }): Promise<void> {
  await db.insertInto("coalition_reports").values(row).execute();
}

export async function deleteReportMarker(db: Executor, coalitionId: string, kind: CoalitionReportKind, year: number): Promise<void> {
  await db.deleteFrom("coalition_reports").where("coalition_id", "=", coalitionId).where("kind", "=", kind).where("year", "=", year).execute();
}

// The checklist's evidence.

/** Join requests answered in the range: when asked and when answered. */
export function listAnsweredRequests(db: Executor, coalitionId: string, r: Range) {
  return db
    .selectFrom("join_requests")
    .select(["created_at", "decided_at"])
    .where("coalition_id", "=", coalitionId)
    .where("status", "in", ["approved", "declined"])
    .where("decided_at", ">=", r.from)
    .where("decided_at", "<", r.to)
    .execute();
}

export async function countThreadsByAudience(db: Executor, coalitionId: string) {
  const rows = await db.selectFrom("threads").select(["audience"]).select((eb) => eb.fn.countAll<number>().as("n")).where("coalition_id", "=", coalitionId).groupBy("audience").execute();
  const by = (a: string) => Number(rows.find((x) => x.audience === a)?.n ?? 0);
  return { public: by("public"), members: by("members") };
}

/**
 * Today's members who were active in the range, with the stakeholder group of their profile:
 * they wrote or edited a post, edited or published one of the coalition's documents, or were
 * recorded present at one of its meetings.
 */
export async function listActiveMembers(db: Executor, coalitionId: string, r: Range) {
  const ids = new Set<string>();
  const add = (rows: Array<{ id: string | null }>) => rows.forEach((x) => x.id && ids.add(x.id));
  add(
    await db
      .selectFrom("posts as p")
      .innerJoin("threads as t", "t.id", "p.thread_id")
      .select("p.author_id as id")
      .where("t.coalition_id", "=", coalitionId)
      .where((eb) => eb.or([eb.and([eb("p.created_at", ">=", r.from), eb("p.created_at", "<", r.to)]), eb.and([eb("p.edited_at", ">=", r.from), eb("p.edited_at", "<", r.to)])]))
      .execute(),
  );
  // Who typed in the coalition's documents: an editing session's first edit is in document_authors
  // (migration 0032), which outlives the compaction of the edits themselves.
  add(
    await db
      .selectFrom("document_authors as a")
      .innerJoin("documents as d", "d.id", "a.document_id")
      .select("a.user_id as id")
      .where("d.coalition_id", "=", coalitionId)
      .where("a.first_seen_at", ">=", r.from)
      .where("a.first_seen_at", "<", r.to)
      .distinct()
      .execute(),
  );
  add(await db.selectFrom("documents").select("last_edited_by as id").where("coalition_id", "=", coalitionId).where("last_edited_at", ">=", r.from).where("last_edited_at", "<", r.to).execute());
  add(await db.selectFrom("document_versions").select("published_by as id").where("coalition_id", "=", coalitionId).where("published_at", ">=", r.from).where("published_at", "<", r.to).execute());
  add(
    await db
      .selectFrom("event_attendance as a")
      .innerJoin("calendar_events as e", "e.id", "a.event_id")
      .select("a.user_id as id")
      .where("e.coalition_id", "=", coalitionId)
      .where("e.starts_at", ">=", r.from)
      .where("e.starts_at", "<", r.to)
      .execute(),
  );
  if (ids.size === 0) return [];
  return db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["m.user_id", "u.stakeholder_group"])
    .where("m.coalition_id", "=", coalitionId)
    .where("m.user_id", "in", Array.from(ids))
    .execute();
}

/** The last forum annual meeting that started before `at`, if any. */
export function findLastAnnualMeeting(db: Executor, at: string) {
  return db
    .selectFrom("calendar_events")
    .select(["id", "title", "starts_at"])
    .where("coalition_id", "is", null)
    .where("kind", "=", "annual_meeting")
    .where("starts_at", "<", at)
    .orderBy("starts_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** Every coalition that is not archived, by name (the secretariat's compliance table). */
export function listLiveCoalitions(db: Executor) {
  return db.selectFrom("coalitions").selectAll().where("archived_at", "is", null).orderBy("name").orderBy("id").execute();
}

/** Forum coordination-group meetings that started before `at`, newest first. */
export function listPastCoordinationMeetings(db: Executor, at: string) {
  return db
    .selectFrom("calendar_events")
    .select(["id", "title", "starts_at"])
    .where("coalition_id", "is", null)
    .where("kind", "=", "coordination_meeting")
    .where("starts_at", "<", at)
    .orderBy("starts_at", "desc")
    .orderBy("id")
    .execute();
}

export function findCoordinationMeeting(db: Executor, id: string) {
  return db.selectFrom("calendar_events").select(["id", "title", "starts_at"]).where("id", "=", id).where("coalition_id", "is", null).where("kind", "=", "coordination_meeting").executeTakeFirst();
}
