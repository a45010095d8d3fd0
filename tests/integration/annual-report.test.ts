import { sql } from "kysely";
import * as Y from "yjs";
import type { JSONContent } from "@tiptap/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { newId } from "../../db/ids";
import { loadYDoc } from "../../app/models/document-state.server";
import { yDocToNode } from "../../app/models/document-render.server";
import { reportFigures, type ReportFigures } from "../../app/models/reports/report-figures.server";
import { addMember, createCoalition, createDocument, createUser, type TestUser } from "../helpers/factories";
import { clientAs } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 25: "Draft the report for YEAR" seeds an ordinary document with the year's figures, each
// linked to its source; here every figure is recounted in SQL of its own and compared, and the
// draft is published and exported like any output.

let server: TestServer;
let coalition: Awaited<ReturnType<typeof createCoalition>>;
let coord: TestUser, m1: TestUser, m2: TestUser, m3: TestUser, observer: TestUser;
const Y0 = new Date().getUTCFullYear() - 1; // the reported year: wholly in the past
const at = (year: number, rest: string) => `${year}-${rest}`;
const db = () => getDb();

async function version(documentId: string, number: number, publishedAt: string, withdrawn = false) {
  const doc = new Y.Doc();
  await db()
    .insertInto("document_versions")
    .values({ id: newId(), document_id: documentId, coalition_id: coalition.id, number, label: `Edition ${number}`, note: null, html: "<p>x</p>", state: Y.encodeStateAsUpdate(doc), plain_text: "x", published_by: coord.id, published_at: publishedAt, withdrawn_at: withdrawn ? publishedAt : null, withdrawn_by: withdrawn ? coord.id : null, withdrawn_reason: withdrawn ? "Superseded" : null })
    .execute();
}

async function event(input: { coalitionId: string | null; kind: string; title: string; startsAt: string; attendees?: string[] }) {
  const id = newId();
  await db()
    .insertInto("calendar_events")
    .values({ id, coalition_id: input.coalitionId, kind: input.kind as never, title: input.title, starts_at: input.startsAt, ends_at: input.startsAt, deadline_at: null, time_zone: "UTC", mode: input.coalitionId ? "online" : null, location: null, url: null, description: "", description_html: "", agenda_document_id: null, minutes_document_id: null, created_by: coord.id, created_at: input.startsAt, updated_at: input.startsAt })
    .execute();
  for (const userId of input.attendees ?? []) await db().insertInto("event_attendance").values({ event_id: id, user_id: userId, recorded_by: coord.id, recorded_at: input.startsAt }).execute();
  return id;
}

async function thread(createdAt: string, posts: Array<{ author: string; at: string; deleted?: boolean }>) {
  const id = newId();
  await db()
    .insertInto("threads")
    .values({ id, coalition_id: coalition.id, title: `Thread ${createdAt}`, author_id: posts[0]?.author ?? coord.id, document_id: null, pinned: 0, locked: 0, audience: "public", post_count: posts.length, last_post_number: posts.length, last_activity_at: createdAt, last_post_by: null, created_at: createdAt, updated_at: createdAt })
    .execute();
  let n = 0;
  for (const p of posts) {
    n += 1;
    await db()
      .insertInto("posts")
      .values({ id: newId(), thread_id: id, number: n, author_id: p.author, body: p.deleted ? "" : "Hello", body_html: "<p>Hello</p>", reply_to_id: null, edited_at: null, deleted_at: p.deleted ? p.at : null, hidden_at: null, hidden_by: null, hidden_reason: null, created_at: p.at })
      .execute();
  }
}

async function joinRequest(userId: string, createdAt: string, status: "pending" | "approved" | "declined") {
  await db()
    .insertInto("join_requests")
    .values({ id: newId(), coalition_id: coalition.id, user_id: userId, statement: "Please", stakeholder_group: "civil", organization: "Org", status, decided_by: status === "pending" ? null : coord.id, decided_role: status === "approved" ? "member" : null, decision_reason: null, created_at: createdAt, decided_at: status === "pending" ? null : createdAt })
    .execute();
}

beforeAll(async () => {
  server = await startTestServer();
  coalition = await createCoalition({ visibility: "public", name: "Reporting Coalition" });
  coord = await createUser({ name: "Rep Coordinator", stakeholder_group: "civil", region: "african" });
  m1 = await createUser({ name: "Rep One", stakeholder_group: "technical", region: "weog" });
  m2 = await createUser({ name: "Rep Two", stakeholder_group: "private", region: "asia_pacific" });
  m3 = await createUser({ name: "Rep Three" });
  observer = await createUser({ name: "Rep Observer", stakeholder_group: "academic" });
  for (const [u, role] of [[coord, "coordinator"], [m1, "member"], [m2, "member"], [m3, "member"], [observer, "observer"]] as const) await addMember(coalition.id, u.id, role);
  const setJoined = (u: TestUser, iso: string) => db().updateTable("memberships").set({ created_at: iso }).where("coalition_id", "=", coalition.id).where("user_id", "=", u.id).execute();
  await setJoined(coord, at(Y0 - 1, "05-01T00:00:00.000Z"));
  await setJoined(m1, at(Y0, "03-01T00:00:00.000Z"));
  await setJoined(m3, at(Y0, "12-31T23:59:59.000Z"));
  await setJoined(observer, at(Y0, "06-01T00:00:00.000Z"));
  // m2 joined after the year (today): not a member at its end.

  const a = await createDocument(coalition.id, coord.id, { title: "Charter" });
  const b = await createDocument(coalition.id, coord.id, { title: "Principles" });
  await version(a.id, 1, at(Y0, "02-01T10:00:00.000Z"));
  await version(a.id, 2, at(Y0, "06-15T10:00:00.000Z"));
  await version(b.id, 1, at(Y0 - 1, "12-31T23:59:59.999Z")); // the year before
  await version(b.id, 2, at(Y0, "09-01T10:00:00.000Z"), true); // withdrawn

  const minutes = await createDocument(coalition.id, coord.id, { title: "Minutes of March" });
  const march = await event({ coalitionId: coalition.id, kind: "meeting", title: "March call", startsAt: at(Y0, "03-10T15:00:00.000Z"), attendees: [coord.id, m1.id] });
  await db().updateTable("calendar_events").set({ minutes_document_id: minutes.id }).where("id", "=", march).execute();
  await event({ coalitionId: coalition.id, kind: "meeting", title: "October call", startsAt: at(Y0, "10-10T15:00:00.000Z"), attendees: [coord.id, observer.id] });
  await event({ coalitionId: coalition.id, kind: "meeting", title: "Old call", startsAt: at(Y0 - 1, "10-10T15:00:00.000Z"), attendees: [m2.id] });

  await thread(at(Y0, "04-01T00:00:00.000Z"), [
    { author: coord.id, at: at(Y0, "04-01T00:00:00.000Z") },
    { author: m1.id, at: at(Y0, "04-02T00:00:00.000Z") },
    { author: m2.id, at: at(Y0, "04-03T00:00:00.000Z"), deleted: true },
  ]);
  await thread(at(Y0, "11-01T00:00:00.000Z"), [
    { author: m1.id, at: at(Y0, "11-01T00:00:00.000Z") },
    { author: m1.id, at: at(Y0 + 1, "01-02T00:00:00.000Z") },
  ]);
  await thread(at(Y0 - 1, "11-01T00:00:00.000Z"), [{ author: m3.id, at: at(Y0 - 1, "11-01T00:00:00.000Z") }]);

  await joinRequest(m1.id, at(Y0, "02-20T00:00:00.000Z"), "approved");
  await joinRequest(m2.id, at(Y0, "05-20T00:00:00.000Z"), "declined");
  await joinRequest(m3.id, at(Y0, "07-20T00:00:00.000Z"), "pending");
  await joinRequest(observer.id, at(Y0 - 1, "07-20T00:00:00.000Z"), "approved");

  await event({ coalitionId: null, kind: "annual_meeting", title: "Forum annual meeting", startsAt: at(Y0, "12-08T09:00:00.000Z") });
  const c1 = await event({ coalitionId: null, kind: "coordination_meeting", title: "Coordination group, spring", startsAt: at(Y0, "04-15T12:00:00.000Z") });
  await event({ coalitionId: null, kind: "coordination_meeting", title: "Coordination group, autumn", startsAt: at(Y0, "10-15T12:00:00.000Z") });
  await db().insertInto("coordination_attendance").values({ event_id: c1, coalition_id: coalition.id, recorded_by: coord.id, recorded_at: at(Y0, "04-15T13:00:00.000Z") }).execute();

  const session = await createDocument(coalition.id, coord.id, { title: "Our session report" });
  await db().insertInto("coalition_reports").values({ document_id: session.id, coalition_id: coalition.id, kind: "session", year: Y0, created_by: coord.id, created_at: at(Y0, "12-20T00:00:00.000Z") }).execute();
  await version(session.id, 1, at(Y0, "12-21T00:00:00.000Z"));
});
afterAll(async () => {
  await server?.close();
});

// The recount: plain SQL, written apart from db/queries/reports.ts.
async function count(query: ReturnType<typeof sql<{ n: number | string }>>): Promise<number> {
  const { rows } = await query.execute(db());
  return Number(rows[0]?.n ?? 0);
}

async function recount(coalitionId: string, year: number) {
  const from = `${year}-01-01T00:00:00.000Z`;
  const to = `${year + 1}-01-01T00:00:00.000Z`;
  return {
    outputs: await count(sql`SELECT COUNT(*) AS n FROM document_versions v WHERE v.coalition_id = ${coalitionId} AND v.published_at >= ${from} AND v.published_at < ${to} AND v.withdrawn_at IS NULL AND v.document_id NOT IN (SELECT document_id FROM coalition_reports)`),
    meetings: await count(sql`SELECT COUNT(*) AS n FROM calendar_events WHERE coalition_id = ${coalitionId} AND kind = 'meeting' AND starts_at >= ${from} AND starts_at < ${to}`),
    attendanceTotal: await count(sql`SELECT COUNT(*) AS n FROM event_attendance a JOIN calendar_events e ON e.id = a.event_id WHERE e.coalition_id = ${coalitionId} AND e.kind = 'meeting' AND e.starts_at >= ${from} AND e.starts_at < ${to}`),
    attendanceDistinct: await count(sql`SELECT COUNT(DISTINCT a.user_id) AS n FROM event_attendance a JOIN calendar_events e ON e.id = a.event_id WHERE e.coalition_id = ${coalitionId} AND e.kind = 'meeting' AND e.starts_at >= ${from} AND e.starts_at < ${to}`),
    threads: await count(sql`SELECT COUNT(*) AS n FROM threads WHERE coalition_id = ${coalitionId} AND created_at >= ${from} AND created_at < ${to}`),
    posts: await count(sql`SELECT COUNT(*) AS n FROM posts p JOIN threads t ON t.id = p.thread_id WHERE t.coalition_id = ${coalitionId} AND p.created_at >= ${from} AND p.created_at < ${to} AND p.deleted_at IS NULL`),
    participants: await count(sql`SELECT COUNT(DISTINCT p.author_id) AS n FROM posts p JOIN threads t ON t.id = p.thread_id WHERE t.coalition_id = ${coalitionId} AND p.created_at >= ${from} AND p.created_at < ${to} AND p.deleted_at IS NULL`),
    membersAtEnd: await count(sql`SELECT COUNT(*) AS n FROM memberships WHERE coalition_id = ${coalitionId} AND created_at < ${to}`),
    joined: await count(sql`SELECT COUNT(*) AS n FROM memberships WHERE coalition_id = ${coalitionId} AND created_at >= ${from} AND created_at < ${to}`),
    civilAtEnd: await count(sql`SELECT COUNT(*) AS n FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.coalition_id = ${coalitionId} AND m.created_at < ${to} AND u.stakeholder_group = 'civil'`),
    noGroupAtEnd: await count(sql`SELECT COUNT(*) AS n FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.coalition_id = ${coalitionId} AND m.created_at < ${to} AND u.stakeholder_group IS NULL`),
    weogAtEnd: await count(sql`SELECT COUNT(*) AS n FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.coalition_id = ${coalitionId} AND m.created_at < ${to} AND u.region = 'weog'`),
    requests: await count(sql`SELECT COUNT(*) AS n FROM join_requests WHERE coalition_id = ${coalitionId} AND created_at >= ${from} AND created_at < ${to}`),
    approved: await count(sql`SELECT COUNT(*) AS n FROM join_requests WHERE coalition_id = ${coalitionId} AND created_at >= ${from} AND created_at < ${to} AND status = 'approved'`),
    declined: await count(sql`SELECT COUNT(*) AS n FROM join_requests WHERE coalition_id = ${coalitionId} AND created_at >= ${from} AND created_at < ${to} AND status = 'declined'`),
    annualMeetings: await count(sql`SELECT COUNT(*) AS n FROM calendar_events WHERE coalition_id IS NULL AND kind = 'annual_meeting' AND starts_at >= ${from} AND starts_at < ${to}`),
    coordinationHeld: await count(sql`SELECT COUNT(*) AS n FROM calendar_events WHERE coalition_id IS NULL AND kind = 'coordination_meeting' AND starts_at >= ${from} AND starts_at < ${to}`),
    coordinationAttended: await count(sql`SELECT COUNT(*) AS n FROM coordination_attendance ca JOIN calendar_events e ON e.id = ca.event_id WHERE ca.coalition_id = ${coalitionId} AND e.kind = 'coordination_meeting' AND e.starts_at >= ${from} AND e.starts_at < ${to}`),
    sessionReportsPublished: await count(sql`SELECT COUNT(*) AS n FROM coalition_reports r WHERE r.coalition_id = ${coalitionId} AND r.kind = 'session' AND r.year = ${year} AND EXISTS (SELECT 1 FROM document_versions v WHERE v.document_id = r.document_id AND v.withdrawn_at IS NULL)`),
  };
}

/** Every text run of a document with the link it carries. */
function runs(node: JSONContent, out: Array<{ text: string; href: string | null }> = []) {
  if (node.type === "text") out.push({ text: node.text ?? "", href: (node.marks?.find((m) => m.type === "link")?.attrs?.href as string | undefined) ?? null });
  for (const child of node.content ?? []) runs(child, out);
  return out;
}

describe("the annual report's figures", () => {
  let figures: ReportFigures;
  beforeAll(async () => {
    figures = await reportFigures(coalition.id, Y0);
  });

  it("equal an SQL recount of every figure", async () => {
    const r = await recount(coalition.id, Y0);
    expect(figures.outputs.length).toBe(r.outputs);
    expect(figures.meetings.length).toBe(r.meetings);
    expect(figures.attendance.total).toBe(r.attendanceTotal);
    expect(figures.attendance.distinct).toBe(r.attendanceDistinct);
    expect(figures.participation).toEqual({ threads: r.threads, posts: r.posts, participants: r.participants });
    expect(figures.membership.atEnd).toBe(r.membersAtEnd);
    expect(figures.membership.joined).toBe(r.joined);
    expect(figures.membership.byGroup.civil).toBe(r.civilAtEnd);
    expect(figures.membership.byGroup.unknown).toBe(r.noGroupAtEnd);
    expect(figures.membership.byRegion.weog).toBe(r.weogAtEnd);
    expect(Object.values(figures.membership.byGroup).reduce((s, n) => s + n, 0)).toBe(r.membersAtEnd);
    expect(figures.joinRequests).toEqual({ received: r.requests, approved: r.approved, declined: r.declined });
    expect(figures.annualMeetings.length).toBe(r.annualMeetings);
    expect(figures.coordination.held.length).toBe(r.coordinationHeld);
    expect(figures.coordination.attended).toBe(r.coordinationAttended);
    expect(figures.sessionReports.filter((s) => s.versionId).length).toBe(r.sessionReportsPublished);
  });

  it("are the fixture's, so the recount is not comparing two empty sets", () => {
    expect(figures.outputs.map((o) => `${o.title} ${o.number}`)).toEqual(["Charter 1", "Charter 2"]);
    expect(figures.meetings.map((m) => [m.title, m.present])).toEqual([["March call", 2], ["October call", 2]]);
    expect(figures.attendance).toEqual({ total: 4, distinct: 3 });
    expect(figures.participation).toEqual({ threads: 2, posts: 3, participants: 2 });
    expect(figures.membership).toMatchObject({ atEnd: 4, joined: 3 });
    expect(figures.joinRequests).toEqual({ received: 3, approved: 1, declined: 1 });
    expect(figures.coordination.attended).toBe(1);
    expect(figures.sessionReports.map((s) => s.title)).toEqual(["Our session report"]);
  });
});

describe("drafting the report", () => {
  let documentId: string;

  it("is refused to members, observers and visitors", async () => {
    for (const who of [m1, observer]) expect((await (await clientAs(server.url, who)).post(`/coalitions/${coalition.slug}/compliance`, { intent: "draft", year: String(Y0) })).status).toBe(403);
    const anon = await (await clientAs(server.url, null)).post(`/coalitions/${coalition.slug}/compliance`, { intent: "draft", year: String(Y0) });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toContain("/login");
    expect(await db().selectFrom("coalition_reports").select("document_id").where("coalition_id", "=", coalition.id).where("kind", "=", "annual").execute()).toEqual([]);
  });

  it("refuses a year in the future, keeping nothing", async () => {
    const res = await (await clientAs(server.url, coord)).post(`/coalitions/${coalition.slug}/compliance`, { intent: "draft", year: String(Y0 + 2) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Choose a year between 2006 and this year.");
    expect(await db().selectFrom("coalition_reports").select("document_id").where("coalition_id", "=", coalition.id).where("kind", "=", "annual").execute()).toEqual([]);
  });

  it("creates one co-edited document whose every figure links to its source", async () => {
    const client = await clientAs(server.url, coord);
    const res = await client.post(`/coalitions/${coalition.slug}/compliance`, { intent: "draft", year: String(Y0) });
    expect(res.status).toBe(302);
    documentId = /\/documents\/([^/?#]+)/.exec(res.headers.get("location") ?? "")![1];
    const marker = await db().selectFrom("coalition_reports").selectAll().where("document_id", "=", documentId).executeTakeFirstOrThrow();
    expect(marker).toMatchObject({ coalition_id: coalition.id, kind: "annual", year: Y0 });
    const audit = await db().selectFrom("audit_events").select(["action"]).where("coalition_id", "=", coalition.id).where("action", "=", "report.drafted").execute();
    expect(audit).toHaveLength(1);

    const ydoc = await loadYDoc(documentId);
    const json = yDocToNode(ydoc).toJSON() as JSONContent;
    ydoc.destroy();
    const all = runs(json);
    const linked = (text: string) => all.find((r) => r.text === text);
    const base = `/coalitions/${coalition.slug}`;
    const path = (href: string | null | undefined) => (href ? new URL(href).pathname : null);
    // Every message was formatted (a failed one would show its placeholders).
    expect(all.filter((x) => /[{}]/.test(x.text))).toEqual([]);
    // Every link is absolute, into the workspace.
    for (const r of all.filter((x) => x.href)) expect(r.href!.startsWith("http")).toBe(true);
    const r = await recount(coalition.id, Y0);
    expect(path(linked(`Outputs published in ${Y0}: ${r.outputs}`)?.href)).toBe(`${base}/outputs`);
    expect(path(linked(`Meetings held: ${r.meetings}`)?.href)).toBe(`${base}/calendar`);
    expect(path(linked(`Attendances recorded: ${r.attendanceTotal}`)?.href)).toBe(`${base}/calendar`);
    expect(path(linked(`Different people who attended: ${r.attendanceDistinct}`)?.href)).toBe(`${base}/calendar`);
    expect(path(linked(`Threads started: ${r.threads}`)?.href)).toBe(`${base}/threads`);
    expect(path(linked(`Posts written: ${r.posts}`)?.href)).toBe(`${base}/threads`);
    expect(path(linked(`People who posted: ${r.participants}`)?.href)).toBe(`${base}/threads`);
    expect(path(linked(`Members at the end of ${Y0}: ${r.membersAtEnd}`)?.href)).toBe(`${base}/members`);
    expect(path(linked(`Joined during the year: ${r.joined}`)?.href)).toBe(`${base}/members`);
    expect(path(linked(`Join requests received: ${r.requests} (approved: ${r.approved}, declined: ${r.declined})`)?.href)).toBe(`${base}/members`);
    expect(path(linked(`Civil society: ${r.civilAtEnd}`)?.href)).toBe(`${base}/members`);
    expect(path(linked(`Coordination-group meetings attended: ${r.coordinationAttended} of ${r.coordinationHeld}`)?.href)).toBe(`${base}/compliance`);
    const outputLinks = all.filter((x) => x.href && /\/outputs\/[a-z0-9]+$/.test(new URL(x.href).pathname)).map((x) => x.text);
    expect(outputLinks.filter((t) => t.startsWith("Charter"))).toHaveLength(r.outputs);
    expect(all.some((x) => x.text === "Session report: Our session report" && /\/outputs\//.test(x.href ?? ""))).toBe(true);
    expect(all.some((x) => x.text === "minutes" && path(x.href)?.startsWith(`${base}/documents/`))).toBe(true);
  });

  it("drafting the same year again opens the same document", async () => {
    const res = await (await clientAs(server.url, coord)).post(`/coalitions/${coalition.slug}/compliance`, { intent: "draft", year: String(Y0) });
    expect(res.headers.get("location")).toContain(`/documents/${documentId}`);
    expect(await db().selectFrom("coalition_reports").select("document_id").where("coalition_id", "=", coalition.id).where("kind", "=", "annual").execute()).toHaveLength(1);
  });

  it("is published like any output, at a stable address, and exported to Markdown, HTML and DOCX", async () => {
    const client = await clientAs(server.url, coord);
    expect((await client.post(`/coalitions/${coalition.slug}/documents/${documentId}?index`, { intent: "publish", label: "Filed", confirm: "yes" })).status).toBe(200);
    const v = await db().selectFrom("document_versions").select(["id"]).where("document_id", "=", documentId).executeTakeFirstOrThrow();
    const anon = await clientAs(server.url, null);
    const stable = await anon.get(`/coalitions/${coalition.slug}/reports/${Y0}`);
    expect(stable.status).toBe(302);
    expect(stable.headers.get("location")).toBe(`/coalitions/${coalition.slug}/outputs/${v.id}`);
    expect((await anon.get(`/coalitions/${coalition.slug}/reports/${Y0 - 5}`)).status).toBe(404);
    const md = await anon.get(`/coalitions/${coalition.slug}/outputs/${v.id}/export.md`);
    expect(md.status).toBe(200);
    const mdText = await md.text();
    expect(mdText).toContain(`Annual report ${Y0}: Reporting Coalition`);
    expect(mdText).toMatch(/\[Meetings held: 2\]\(http[^)]+\/calendar\)/);
    const html = await anon.get(`/coalitions/${coalition.slug}/outputs/${v.id}/export.html`);
    expect(await html.text()).toMatch(/<a [^>]*href="http[^"]+\/outputs"[^>]*>Outputs published in \d{4}: 2<\/a>/);
    const docx = await anon.get(`/coalitions/${coalition.slug}/outputs/${v.id}/export.docx`);
    expect(docx.status).toBe(200);
    expect(Buffer.from(await docx.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");
    // The report does not count itself as an output of the year.
    expect((await reportFigures(coalition.id, Y0)).outputs.map((o) => o.title)).not.toContain(`Annual report ${Y0}: Reporting Coalition`);
  });
});
