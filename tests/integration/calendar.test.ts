import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { upcomingDeadlinesForCoordinator } from "../../app/models/calendar.server";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { clientAs } from "../helpers/http";
import { parseIcs } from "../helpers/ics";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 25: the forum calendar kept by site administrators, coalition meetings kept by
// coordinators, and the ICS feeds (forum, coalition, personal) read back through ical.js.

let server: TestServer;
let admin: TestUser, coordinator: TestUser, member: TestUser, outsider: TestUser;
let privateC: Awaited<ReturnType<typeof createCoalition>>;
let publicC: Awaited<ReturnType<typeof createCoalition>>;

const deadlineForm = {
  intent: "save",
  title: "Session reports due",
  kind: "report_deadline",
  starts_at: "2027-07-10T23:59",
  ends_at: "2027-07-10T23:59",
  deadline_at: "",
  time_zone: "Europe/Paris",
  location: "",
  url: "",
  description: "File the **session report**. <script>alert(1)</script>",
};

const meetingForm = (title: string) => ({
  intent: "save",
  title,
  mode: "online",
  starts_at: "2027-03-04T15:00",
  ends_at: "2027-03-04T16:00",
  time_zone: "America/New_York",
  location: "",
  url: "https://meet.example.org/room",
  description: "Monthly call.",
});

const eventByTitle = (title: string) => getDb().selectFrom("calendar_events").selectAll().where("title", "=", title).executeTakeFirstOrThrow();

beforeAll(async () => {
  server = await startTestServer();
  admin = await createUser({ isSiteAdmin: true, name: "Site Admin" });
  coordinator = await createUser({ name: "Cal Coordinator" });
  member = await createUser({ name: "Cal Member" });
  outsider = await createUser({ name: "Cal Outsider" });
  privateC = await createCoalition({ visibility: "private", name: "Quiet Coalition" });
  publicC = await createCoalition({ visibility: "public", name: "Open Coalition" });
  for (const c of [privateC, publicC]) {
    await addMember(c.id, coordinator.id, "coordinator");
    await addMember(c.id, member.id, "member");
  }
});
afterAll(async () => {
  await server?.close();
});

describe("the forum calendar", () => {
  it("starts with the example cycle, marked as an example", async () => {
    const examples = await getDb().selectFrom("calendar_events").select(["title", "is_example", "coalition_id"]).where("is_example", "=", 1).execute();
    expect(examples.length).toBeGreaterThan(4);
    expect(examples.every((e) => e.title.startsWith("Example:") && e.coalition_id === null)).toBe(true);
    const page = await (await clientAs(server.url, null)).get("/calendar");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Example: Annual meeting");
  });

  it("only a site administrator may add an event", async () => {
    expect((await (await clientAs(server.url, coordinator)).post("/admin/calendar/new", deadlineForm)).status).toBe(403);
    expect((await (await clientAs(server.url, null)).post("/admin/calendar/new", deadlineForm)).status).toBe(302); // to log in
    expect(await getDb().selectFrom("calendar_events").select("id").where("title", "=", deadlineForm.title).execute()).toEqual([]);
  });

  it("refuses bad input with field messages and keeps what was typed", async () => {
    const client = await clientAs(server.url, admin);
    const res = await client.post("/admin/calendar/new", { ...deadlineForm, kind: "call_for_sessions", time_zone: "Mars/Base", title: "Kept title" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Choose a time zone from the list");
    expect(html).toContain('value="Kept title"');
    const gap = await client.post("/admin/calendar/new", { ...deadlineForm, starts_at: "2027-03-28T02:30", ends_at: "2027-03-28T02:30" });
    expect(gap.status).toBe(400); // 02:30 does not exist in Paris that night
    const cfs = await client.post("/admin/calendar/new", { ...deadlineForm, kind: "call_for_sessions" });
    expect(await cfs.text()).toContain("A call for sessions needs its deadline.");
  });

  it("stores the time in UTC, sanitises the description and audits the change", async () => {
    const res = await (await clientAs(server.url, admin)).post("/admin/calendar/new", deadlineForm);
    expect(res.status).toBe(302);
    const row = await eventByTitle(deadlineForm.title);
    expect(row.starts_at).toBe("2027-07-10T21:59:00.000Z"); // Paris is UTC+2 in July
    expect(row.time_zone).toBe("Europe/Paris");
    expect(row.description_html).toContain("<strong>session report</strong>");
    expect(row.description_html).not.toContain("<script");
    const audit = await getDb().selectFrom("audit_events").selectAll().where("action", "=", "calendar_event.created").where("actor_id", "=", admin.id).execute();
    expect(audit.map((a) => a.coalition_id)).toEqual([null]);
  });

  it("shows each viewer the time in their own zone", async () => {
    await getDb().updateTable("users").set({ time_zone: "Asia/Tokyo" }).where("id", "=", member.id).execute();
    const html = await (await (await clientAs(server.url, member)).get("/calendar")).text();
    expect(html).toContain("Times are shown in Asia/Tokyo");
    expect(html).toContain("Sun 11 Jul 2027, 06:59"); // 21:59 UTC on the 10th
    const anon = await clientAs(server.url, null);
    anon.cookies.set("tz", "America%2FNew_York");
    expect(await (await anon.get("/calendar")).text()).toContain("Sat 10 Jul 2027, 17:59");
  });

  it("the feed keeps the UID and raises SEQUENCE when an event changes", async () => {
    const row = await eventByTitle(deadlineForm.title);
    const before = parseIcs(await (await (await clientAs(server.url, null)).get("/calendar.ics")).text()).find((e) => e.uid === `${row.id}@coalition-workspace`);
    expect(before).toMatchObject({ sequence: 0, start: "2027-07-10T21:59:00.000Z" });
    expect(before!.description).toContain(`${server.url.replace(/\/$/, "")}/calendar#event-${row.id}`);
    expect(before!.url).toContain(`/calendar#event-${row.id}`);

    const edited = await (await clientAs(server.url, admin)).post(`/admin/calendar/${row.id}`, { ...deadlineForm, starts_at: "2027-07-12T23:59", ends_at: "2027-07-12T23:59" });
    expect(edited.status).toBe(302);
    const after = parseIcs(await (await (await clientAs(server.url, null)).get("/calendar.ics")).text()).filter((e) => e.uid === `${row.id}@coalition-workspace`);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ sequence: 1, start: "2027-07-12T21:59:00.000Z" });
  });

  it("lists the deadlines that concern a coordinator, and none for someone who coordinates nothing", async () => {
    const from = new Date("2027-07-01T00:00:00.000Z");
    const mine = await upcomingDeadlinesForCoordinator(coordinator.id, from, 14);
    expect(mine.map((d) => d.title)).toContain(deadlineForm.title);
    expect(mine.find((d) => d.title === deadlineForm.title)!.coalitions.map((c) => c.id).sort()).toEqual([privateC.id, publicC.id].sort());
    expect(await upcomingDeadlinesForCoordinator(coordinator.id, from, 5)).not.toContainEqual(expect.objectContaining({ title: deadlineForm.title }));
    expect(await upcomingDeadlinesForCoordinator(member.id, from, 14)).toEqual([]);
  });
});

describe("coalition meetings", () => {
  it("only coordinators schedule; bad input keeps the values", async () => {
    expect((await (await clientAs(server.url, member)).post(`/coalitions/${privateC.slug}/calendar/new`, meetingForm("Nope"))).status).toBe(403);
    const res = await (await clientAs(server.url, coordinator)).post(`/coalitions/${privateC.slug}/calendar/new`, { ...meetingForm("No link"), url: "" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("An online meeting needs the link people join with.");
    expect(html).toContain('value="No link"');
  });

  it("a private coalition's meeting stays out of the forum feed and away from outsiders", async () => {
    const res = await (await clientAs(server.url, coordinator)).post(`/coalitions/${privateC.slug}/calendar/new`, meetingForm("Private strategy call"));
    expect(res.status).toBe(302);
    const row = await eventByTitle("Private strategy call");
    expect(row.starts_at).toBe("2027-03-04T20:00:00.000Z");

    expect((await (await clientAs(server.url, null)).get("/calendar.ics").then((r) => r.text()))).not.toContain("Private strategy call");
    expect((await (await clientAs(server.url, null)).get(`/coalitions/${privateC.slug}/calendar.ics`)).status).toBe(404);
    expect((await (await clientAs(server.url, outsider)).get(`/coalitions/${privateC.slug}/calendar.ics`)).status).toBe(404);
    expect((await (await clientAs(server.url, outsider)).get(`/coalitions/${privateC.slug}/calendar/${row.id}`)).status).toBe(404);
    const forMember = parseIcs(await (await (await clientAs(server.url, member)).get(`/coalitions/${privateC.slug}/calendar.ics`)).text());
    expect(forMember.map((e) => e.uid)).toEqual([`${row.id}@coalition-workspace`]);
    expect(forMember[0].description).toContain(`/coalitions/${privateC.slug}/calendar/${row.id}`);
  });

  it("a public coalition's meetings are readable by anyone, in its feed", async () => {
    await (await clientAs(server.url, coordinator)).post(`/coalitions/${publicC.slug}/calendar/new`, meetingForm("Open call"));
    const events = parseIcs(await (await (await clientAs(server.url, null)).get(`/coalitions/${publicC.slug}/calendar.ics`)).text());
    expect(events.map((e) => e.summary)).toEqual(["Open call"]);
  });

  it("agenda and minutes are ordinary documents of the coalition, linked from the meeting", async () => {
    const row = await eventByTitle("Private strategy call");
    const client = await clientAs(server.url, coordinator);
    const res = await client.post(`/coalitions/${privateC.slug}/calendar/${row.id}?index`, { intent: "agenda" });
    expect(res.status).toBe(302);
    const linked = await eventByTitle("Private strategy call");
    expect(res.headers.get("location")).toBe(`/coalitions/${privateC.slug}/documents/${linked.agenda_document_id}`);
    const doc = await getDb().selectFrom("documents").selectAll().where("id", "=", linked.agenda_document_id!).executeTakeFirstOrThrow();
    expect(doc.coalition_id).toBe(privateC.id);
    expect(doc.title).toContain("Agenda: Private strategy call");
    // Asking again does not make a second one.
    await client.post(`/coalitions/${privateC.slug}/calendar/${row.id}?index`, { intent: "agenda" });
    expect(await getDb().selectFrom("documents").select("id").where("coalition_id", "=", privateC.id).execute()).toHaveLength(1);
    expect((await (await clientAs(server.url, member)).post(`/coalitions/${privateC.slug}/calendar/${row.id}?index`, { intent: "minutes" })).status).toBe(403);
  });

  it("the coordinator records attendance among the members only", async () => {
    const row = await eventByTitle("Private strategy call");
    const client = await clientAs(server.url, coordinator);
    const bad = await client.post(`/coalitions/${privateC.slug}/calendar/${row.id}?index`, { intent: "attendance", present: [member.id, outsider.id] });
    expect(bad.status).toBe(400);
    const ok = await client.post(`/coalitions/${privateC.slug}/calendar/${row.id}?index`, { intent: "attendance", present: [member.id, coordinator.id] });
    expect(ok.status).toBe(200);
    const rows = await getDb().selectFrom("event_attendance").select("user_id").where("event_id", "=", row.id).execute();
    expect(rows.map((r) => r.user_id).sort()).toEqual([member.id, coordinator.id].sort());
    expect((await (await clientAs(server.url, member)).post(`/coalitions/${privateC.slug}/calendar/${row.id}?index`, { intent: "attendance", present: [] })).status).toBe(403);
    const audit = await getDb().selectFrom("audit_events").select("coalition_id").where("action", "=", "meeting.attendance_recorded").execute();
    expect(audit.map((a) => a.coalition_id)).toEqual([privateC.id]);
  });
});

describe("the personal feed", () => {
  async function makeFeed(user: TestUser): Promise<string> {
    const res = await (await clientAs(server.url, user)).post("/settings/calendar", { intent: "feed" });
    expect(res.status).toBe(200);
    const m = /\/calendar\/feeds\/([A-Za-z0-9_-]+)\.ics/.exec(await res.text());
    return m![1];
  }

  it("holds the forum's events and the person's coalitions' meetings, and nothing private to anyone else", async () => {
    const mine = parseIcs(await (await (await clientAs(server.url, null)).get(`/calendar/feeds/${await makeFeed(member)}.ics`)).text());
    const titles = mine.map((e) => e.summary);
    expect(titles).toContain(deadlineForm.title);
    expect(titles).toContain("[Quiet Coalition] Private strategy call");
    const theirs = parseIcs(await (await (await clientAs(server.url, null)).get(`/calendar/feeds/${await makeFeed(outsider)}.ics`)).text());
    expect(theirs.map((e) => e.summary)).toContain(deadlineForm.title);
    expect(theirs.map((e) => e.summary).join("\n")).not.toContain("Private strategy call");
  });

  it("stores only a hash of the token; a new address retires the old one", async () => {
    const first = await makeFeed(coordinator);
    const stored = await getDb().selectFrom("calendar_feed_tokens").select("token_hash").where("user_id", "=", coordinator.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(first);
    const second = await makeFeed(coordinator);
    const anon = await clientAs(server.url, null);
    expect((await anon.get(`/calendar/feeds/${first}.ics`)).status).toBe(404);
    expect((await anon.get(`/calendar/feeds/${second}.ics`)).status).toBe(200);
    expect((await anon.get(`/calendar/feeds/${second}`)).status).toBe(404);
  });
});
