import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { newId } from "../../db/ids";
import { complianceOf, median, type ComplianceItem } from "../../app/models/compliance/compliance.server";
import { csvCell } from "../../app/models/compliance/admin-compliance.server";
import { addMember, createCoalition, createDocument, createUser, type TestUser } from "../helpers/factories";
import { clientAs } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 25: the forum checklist on a coalition's overview and its own page, and the secretariat's
// table of every coalition (/admin/compliance and its CSV).

let server: TestServer;
let admin: TestUser;
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const db = () => getDb();
type C = Awaited<ReturnType<typeof createCoalition>>;

async function post(coalitionId: string, authorId: string, at: string) {
  const threadId = newId();
  await db()
    .insertInto("threads")
    .values({ id: threadId, coalition_id: coalitionId, title: "A thread", author_id: authorId, document_id: null, pinned: 0, locked: 0, audience: "public", post_count: 1, last_post_number: 1, last_activity_at: at, last_post_by: authorId, created_at: at, updated_at: at })
    .execute();
  await db()
    .insertInto("posts")
    .values({ id: newId(), thread_id: threadId, number: 1, author_id: authorId, body: "Hi", body_html: "<p>Hi</p>", reply_to_id: null, edited_at: null, deleted_at: null, hidden_at: null, hidden_by: null, hidden_reason: null, created_at: at })
    .execute();
}

async function forumEvent(kind: "annual_meeting" | "coordination_meeting", title: string, startsAt: string) {
  const id = newId();
  await db()
    .insertInto("calendar_events")
    .values({ id, coalition_id: null, kind, title, starts_at: startsAt, ends_at: startsAt, deadline_at: null, time_zone: "UTC", mode: null, location: null, url: null, description: "", description_html: "", agenda_document_id: null, minutes_document_id: null, created_by: admin.id, created_at: startsAt, updated_at: startsAt })
    .execute();
  return id;
}

async function answered(coalitionId: string, askedDaysAgo: number, answeredAfterDays: number) {
  const user = await createUser();
  await db()
    .insertInto("join_requests")
    .values({ id: newId(), coalition_id: coalitionId, user_id: user.id, statement: "Hello", stakeholder_group: "civil", organization: "Org", status: "approved", decided_by: admin.id, decided_role: "member", decision_reason: null, created_at: ago(askedDaysAgo), decided_at: ago(askedDaysAgo - answeredAfterDays) })
    .execute();
}

const fresh = (c: { id: string }) => db().selectFrom("coalitions").selectAll().where("id", "=", c.id).executeTakeFirstOrThrow();
const byId = (items: ComplianceItem[]) => Object.fromEntries(items.map((i) => [i.id, i]));

let narrow: C, broad: C, closed: C, formula: C;
let narrowCoord: TestUser, broadCoord: TestUser, broadMember: TestUser, broadGov: TestUser;
let coordinationId: string;
const year = new Date().getUTCFullYear();

beforeAll(async () => {
  server = await startTestServer();
  admin = await createUser({ isSiteAdmin: true, name: "Secretariat" });

  // Two stakeholder groups, a private archive.
  narrow = await createCoalition({ visibility: "private", name: "Narrow Coalition" });
  narrowCoord = await createUser({ name: "Narrow Coord", stakeholder_group: "civil" });
  const narrowMember = await createUser({ name: "Narrow Member", stakeholder_group: "technical" });
  await addMember(narrow.id, narrowCoord.id, "coordinator");
  await addMember(narrow.id, narrowMember.id, "member");
  await post(narrow.id, narrowCoord.id, ago(10));
  await post(narrow.id, narrowMember.id, ago(20));

  // Three groups active (a post, an edit, a meeting attended), public, answering in 2 and 4 days.
  broad = await createCoalition({ visibility: "public", name: "Broad Coalition" });
  broadCoord = await createUser({ name: "Broad Coord", stakeholder_group: "civil" });
  broadMember = await createUser({ name: "Broad Member", stakeholder_group: "technical" });
  broadGov = await createUser({ name: "Broad Gov", stakeholder_group: "government" });
  const idle = await createUser({ name: "Broad Idle", stakeholder_group: "academic" });
  for (const [u, role] of [[broadCoord, "coordinator"], [broadMember, "member"], [broadGov, "member"], [idle, "member"]] as const) await addMember(broad.id, u.id, role);
  await post(broad.id, broadCoord.id, ago(5));
  const doc = await createDocument(broad.id, broadCoord.id, { title: "Working draft" });
  await db().updateTable("documents").set({ last_edited_by: broadMember.id, last_edited_at: ago(3) }).where("id", "=", doc.id).execute();
  const meeting = newId();
  await db()
    .insertInto("calendar_events")
    .values({ id: meeting, coalition_id: broad.id, kind: "meeting", title: "Call", starts_at: ago(40), ends_at: ago(40), deadline_at: null, time_zone: "UTC", mode: "online", location: null, url: null, description: "", description_html: "", agenda_document_id: null, minutes_document_id: null, created_by: broadCoord.id, created_at: ago(41), updated_at: ago(41) })
    .execute();
  await db().insertInto("event_attendance").values({ event_id: meeting, user_id: broadGov.id, recorded_by: broadCoord.id, recorded_at: ago(40) }).execute();
  await answered(broad.id, 30, 2);
  await answered(broad.id, 60, 4);
  await answered(broad.id, 500, 100); // outside the 12 months

  closed = await createCoalition({ visibility: "public", name: "Closed Coalition", join_policy: "invitation" });
  formula = await createCoalition({ visibility: "public", name: "=HYPERLINK(\"http://evil.example\",\"x\")", join_policy: "approval" });
  await answered(formula.id, 100, 45); // slow

  await forumEvent("annual_meeting", "Annual meeting (test)", ago(1));
  coordinationId = await forumEvent("coordination_meeting", "Coordination group (test)", ago(15));
});
afterAll(async () => {
  await server?.close();
});

describe("the checklist", () => {
  it("is red for a coalition with two stakeholder groups and a private archive, saying what to do", async () => {
    const items = byId(await complianceOf(await fresh(narrow)));
    expect(items.stakeholderGroups.status).toBe("fail");
    expect(items.stakeholderGroups.summary).toContain(": 2 (");
    expect(items.stakeholderGroups.todo).toContain("at least 3 stakeholder groups");
    expect(items.openArchive.status).toBe("fail");
    expect(items.openArchive.summary).toContain("The coalition is private.");
    expect(items.openArchive.todo).toContain("make the coalition public");
    for (const i of Object.values(items)) if (i.status === "fail") expect(i.todo, i.id).toBeTruthy();

    const page = await (await clientAs(server.url, narrowCoord)).get(`/coalitions/${narrow.slug}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/data-check="stakeholderGroups" data-status="fail"/);
    expect(html).toMatch(/data-check="openArchive" data-status="fail"/);
    expect(html).toContain("Not met");
    expect(html).toContain("To do:");
  });

  it("is green for three active stakeholder groups, an open archive and quick answers", async () => {
    const items = byId(await complianceOf(await fresh(broad)));
    expect(items.stakeholderGroups).toMatchObject({ status: "pass", todo: null });
    expect(items.stakeholderGroups.summary).toContain(": 3 (");
    expect(items.stakeholderGroups.summary).toContain("active members: 3");
    expect(items.openArchive.status).toBe("pass");
    expect(items.openMembership.status).toBe("pass");
    expect(items.openMembership.summary).toContain(": 3 days (requests answered: 2)");
    expect(median([4, 2])).toBe(3);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNull();
  });

  it("says open membership is not met for invitation-only joining or slow answers", async () => {
    expect(byId(await complianceOf(await fresh(closed))).openMembership).toMatchObject({ status: "fail" });
    expect(byId(await complianceOf(await fresh(closed))).openMembership.todo).toContain("let people join");
    const slow = byId(await complianceOf(await fresh(formula))).openMembership;
    expect(slow.status).toBe("fail");
    expect(slow.todo).toContain("30 days at most");
  });

  it("shows the dissent record as not applicable while no output was published, with why (the check itself: report-decisions.test.ts)", async () => {
    const item = byId(await complianceOf(await fresh(broad))).dissent;
    expect(item.status).toBe("na");
    expect(item.summary).toContain("No output was published in the last 12 months");
  });

  it("turns this year's report green once it is drafted and published", async () => {
    expect(byId(await complianceOf(await fresh(broad))).annualReport).toMatchObject({ status: "fail" });
    const client = await clientAs(server.url, broadCoord);
    const drafted = await client.post(`/coalitions/${broad.slug}/compliance`, { intent: "draft", year: String(year) });
    const documentId = /\/documents\/([^/?#]+)/.exec(drafted.headers.get("location") ?? "")![1];
    const draftedItem = byId(await complianceOf(await fresh(broad))).annualReport;
    expect(draftedItem.status).toBe("fail");
    expect(draftedItem.todo).toContain("Publish the report");
    await client.post(`/coalitions/${broad.slug}/documents/${documentId}?index`, { intent: "publish", label: "Filed", confirm: "yes" });
    const item = byId(await complianceOf(await fresh(broad))).annualReport;
    expect(item.status).toBe("pass");
    expect(item.evidenceHref).toMatch(new RegExp(`^/coalitions/${broad.slug}/outputs/[a-z0-9]+$`));
  });

  it("turns last session's report green once a document is marked as it and published", async () => {
    const before = byId(await complianceOf(await fresh(broad))).sessionReport;
    expect(before.status).toBe("fail");
    expect(before.todo).toContain("mark it as the session report");
    const doc = await createDocument(broad.id, broadCoord.id, { title: "Session report" });
    const sessionYear = ago(1).slice(0, 4);
    expect((await (await clientAs(server.url, broadMember)).post(`/coalitions/${broad.slug}/compliance`, { intent: "mark", documentId: doc.id, year: sessionYear })).status).toBe(403);
    const client = await clientAs(server.url, broadCoord);
    const bad = await client.post(`/coalitions/${broad.slug}/compliance`, { intent: "mark", documentId: "nope", year: sessionYear });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Choose one of the coalition&#x27;s documents.");
    expect((await client.post(`/coalitions/${broad.slug}/compliance`, { intent: "mark", documentId: doc.id, year: sessionYear })).status).toBe(302);
    expect(byId(await complianceOf(await fresh(broad))).sessionReport.summary).toContain("marked but not published");
    await client.post(`/coalitions/${broad.slug}/documents/${doc.id}?index`, { intent: "publish", label: "Session", confirm: "yes" });
    expect(byId(await complianceOf(await fresh(broad))).sessionReport.status).toBe("pass");
  });

  it("turns coordination-group attendance green once a coordinator records it", async () => {
    expect(byId(await complianceOf(await fresh(broad))).coordination.status).toBe("fail");
    expect((await (await clientAs(server.url, broadMember)).post(`/coalitions/${broad.slug}/compliance`, { intent: "coordination", eventId: coordinationId, attended: "yes" })).status).toBe(403);
    const client = await clientAs(server.url, broadCoord);
    expect((await client.post(`/coalitions/${broad.slug}/compliance`, { intent: "coordination", eventId: "nope", attended: "yes" })).status).toBe(400);
    expect((await client.post(`/coalitions/${broad.slug}/compliance`, { intent: "coordination", eventId: coordinationId, attended: "yes" })).status).toBe(302);
    expect(byId(await complianceOf(await fresh(broad))).coordination.status).toBe("pass");
    const audit = await db().selectFrom("audit_events").select("action").where("coalition_id", "=", broad.id).where("action", "=", "compliance.coordination_recorded").execute();
    expect(audit).toHaveLength(1);
    // The public reads the record on the checklist page.
    const page = await (await clientAs(server.url, null)).get(`/coalitions/${broad.slug}/compliance`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(new RegExp(`data-event="${coordinationId}" data-attended="yes"`));
  });

  it("is hidden with its coalition: a private coalition's checklist is 404 to outsiders", async () => {
    expect((await (await clientAs(server.url, null)).get(`/coalitions/${narrow.slug}/compliance`)).status).toBe(404);
  });
});

describe("/admin/compliance", () => {
  it("is for site administrators only", async () => {
    const anon = await (await clientAs(server.url, null)).get("/admin/compliance");
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toContain("/login");
    expect((await (await clientAs(server.url, broadCoord)).get("/admin/compliance")).status).toBe(403);
    expect((await (await clientAs(server.url, broadCoord)).get("/admin/compliance.csv")).status).toBe(403);
    expect((await (await clientAs(server.url, null)).get("/admin/compliance.csv")).status).toBe(302);
  });

  it("lists every live coalition and sorts by a column", async () => {
    const client = await clientAs(server.url, admin);
    const rowsOf = async (query: string) => {
      const html = await (await client.get(`/admin/compliance${query}`)).text();
      return Array.from(html.matchAll(/<tr data-coalition="([^"]+)"/g)).map((m) => m[1]);
    };
    const live = await db().selectFrom("coalitions").select("slug").where("archived_at", "is", null).execute();
    const byName = await rowsOf("");
    expect(byName.sort()).toEqual(live.map((c) => c.slug).sort());
    const asc = await rowsOf("?sort=openArchive&dir=asc");
    expect(asc.indexOf(narrow.slug)).toBeLessThan(asc.indexOf(broad.slug));
    const desc = await rowsOf("?sort=openArchive&dir=desc");
    expect(desc.indexOf(broad.slug)).toBeLessThan(desc.indexOf(narrow.slug));
    const html = await (await client.get("/admin/compliance?sort=openArchive&dir=asc")).text();
    expect(html).toMatch(/aria-sort="ascending"/);
  });

  it("exports CSV whose cells cannot run as formulas", async () => {
    const res = await (await clientAs(server.url, admin)).get("/admin/compliance.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="compliance-\d{4}-\d{2}-\d{2}\.csv"/);
    const text = (await res.text()).replace(/^\uFEFF/, "");
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^"Coalition","Address","Open membership","Open membership: details","Open list and archive",/);
    const live = await db().selectFrom("coalitions").select("id").where("archived_at", "is", null).execute();
    expect(lines).toHaveLength(live.length + 1);
    const evil = lines.find((l) => l.includes("HYPERLINK"))!;
    expect(evil.startsWith(`"'=HYPERLINK(""http://evil.example"",""x"")"`)).toBe(true);
    const narrowLine = lines.find((l) => l.includes("Narrow Coalition"))!;
    expect(narrowLine).toContain(`"${server.url}/coalitions/${narrow.slug}"`.replace(/\/$/, ""));
    expect(narrowLine).toContain('"Not met"');
    expect(narrowLine).toContain('"Not applicable yet"');
    for (const bad of ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]) expect(csvCell(bad).startsWith(`"'`)).toBe(true);
    expect(csvCell('plain "quoted"')).toBe('"plain ""quoted"""');
  });
});
