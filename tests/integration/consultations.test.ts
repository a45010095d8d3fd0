import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { findCoalitionBySlug } from "../../db/queries/coalitions";
import { accessFor } from "../../app/models/access.server";
import { addComment, openConsultation, requireConsultation } from "../../app/models/consultations.server";
import { versionBlocks } from "../../app/models/consultation-blocks.server";
import { consultationMail } from "../../app/models/mail/consultation-mail.server";
import { requireVersion } from "../../app/models/versions.server";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor, type TestUser } from "../helpers/factories";
import { writeContent } from "../helpers/documents";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 26: public consultation. A coordinator opens a published version until a date; anyone
// signed in (member or not) comments on numbered paragraphs; coordinators answer, hide, close;
// the disposition table is published (Markdown, HTML, CSV) and the next version links back.

let server: TestServer;
let coalition: Awaited<ReturnType<typeof createCoalition>>;
let privateCoalition: Awaited<ReturnType<typeof createCoalition>>;
const users: Record<"coordinator" | "member" | "outsider" | "newbie", TestUser> = {} as never;
const DAY = 86_400_000;

async function clientFor(user?: TestUser | null): Promise<TestClient> {
  const client = new TestClient(server.url);
  if (user) {
    const c = await sessionCookieFor(user.id);
    client.cookies.set(c.name, c.value);
  }
  return client;
}

async function accessOf(user: TestUser | null, slug = coalition.slug) {
  const row = (await findCoalitionBySlug(getDb(), slug))!;
  const u = user ? await getDb().selectFrom("users").selectAll().where("id", "=", user.id).executeTakeFirstOrThrow() : null;
  return accessFor(row, u ? { id: u.id, email: u.email, name: u.name, organization: u.organization, stakeholder_group: u.stakeholder_group, region: u.region, language: null, isSiteAdmin: false } : null);
}

const CONTENT = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: "Charter on community networks" }] },
    { type: "paragraph", content: [{ type: "text", text: "Community networks connect the unconnected." }] },
    { type: "bulletList", content: [
      { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "Spectrum should be affordable." }] }] },
      { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "Licences should be simple." }] }, { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "Even for small operators." }] }] }] }] },
    ] },
    { type: "paragraph" },
    { type: "paragraph", content: [{ type: "text", text: "We ask governments to act." }] },
  ],
};

async function publish(documentId: string, label: string) {
  const res = await (await clientFor(users.coordinator)).post(`/coalitions/${coalition.slug}/documents/${documentId}?index`, { intent: "publish", label, confirm: "yes" });
  expect(res.status).toBe(200);
  return (await getDb().selectFrom("document_versions").select("id").where("document_id", "=", documentId).where("label", "=", label).executeTakeFirstOrThrow()).id;
}

const inputIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 16);
const countComments = async (consultationId: string) => Number((await getDb().selectFrom("consultation_comments").select((eb) => eb.fn.countAll().as("n")).where("consultation_id", "=", consultationId).executeTakeFirstOrThrow()).n);
const pagePath = (id: string) => `/coalitions/${coalition.slug}/consultations/${id}`;

let docId: string;
let v1: string;
let consultationId: string;

beforeAll(async () => {
  server = await startTestServer();
  coalition = await createCoalition({ visibility: "public", name: "Consultation Coalition" });
  privateCoalition = await createCoalition({ visibility: "private", name: "Quiet Coalition" });
  users.coordinator = await createUser({ name: "Cons Coordinator" });
  users.member = await createUser({ name: "Cons Member" });
  users.outsider = await createUser({ name: "Ola Outsider", stakeholder_group: "civil", region: "african", organization: "Village Net" });
  users.newbie = await createUser({ name: "Nell Newbie" });
  // Everyone but the newbie has had an account for a month.
  await getDb().updateTable("users").set({ created_at: new Date(Date.now() - 30 * DAY).toISOString() }).where("id", "!=", users.newbie.id).execute();
  await addMember(coalition.id, users.coordinator.id, "coordinator");
  await addMember(coalition.id, users.member.id, "member");
  await addMember(privateCoalition.id, users.coordinator.id, "coordinator");
  docId = (await createDocument(coalition.id, users.coordinator.id, { title: "Charter" })).id;
  await writeContent(docId, CONTENT as never);
  v1 = await publish(docId, "Draft for consultation");
});
afterAll(async () => {
  await server?.close();
});

describe("numbering (stable, derived from the version's stored content)", () => {
  it("numbers headings, paragraphs and list items in document order, skipping empty paragraphs", async () => {
    const version = await requireVersion(coalition.id, v1);
    const blocks = versionBlocks(version.state);
    expect(blocks.map((b) => [b.number, b.kind, b.text])).toEqual([
      [1, "heading", "Charter on community networks"],
      [2, "paragraph", "Community networks connect the unconnected."],
      [3, "item", "Spectrum should be affordable."],
      [4, "item", "Licences should be simple."],
      [5, "item", "Even for small operators."],
      [6, "paragraph", "We ask governments to act."],
    ]);
    expect(blocks[4].depth).toBe(1);
    expect(blocks.map((b) => b.anchor)).toEqual(["p-1", "p-2", "p-3", "p-4", "p-5", "p-6"]);
  });

  it("gives the same numbers, anchors and HTML every time the version is rendered", async () => {
    const version = await requireVersion(coalition.id, v1);
    expect(versionBlocks(version.state)).toEqual(versionBlocks((await requireVersion(coalition.id, v1)).state));
  });
});

describe("opening", () => {
  it("refuses a member, a non-member and a past date, storing nothing", async () => {
    const version = await requireVersion(coalition.id, v1);
    for (const who of [users.member, users.outsider]) {
      expect(await openConsultation(await accessOf(who), version, { closes: inputIn(10), introduction: "Tell us." }, "UTC")).toMatchObject({ ok: false, status: 403 });
    }
    const past = await openConsultation(await accessOf(users.coordinator), version, { closes: inputIn(-1), introduction: "Tell us." }, "UTC");
    expect(past).toMatchObject({ ok: false, status: 400, fieldErrors: { closes: expect.any(String) } });
    const empty = await (await clientFor(users.coordinator)).post(`/coalitions/${coalition.slug}/outputs/${v1}/consult`, { closes: inputIn(10), introduction: "  " });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Write an introduction");
    expect(await getDb().selectFrom("consultations").selectAll().execute()).toEqual([]);
  });

  it("opens from the version page's form, in the coordinator's zone; the version page links to it", async () => {
    const coord = await clientFor(users.coordinator);
    const form = await coord.get(`/coalitions/${coalition.slug}/outputs/${v1}/consult`);
    expect(form.status).toBe(200);
    coord.cookies.set("tz", "Europe/Paris");
    const res = await coord.post(`/coalitions/${coalition.slug}/outputs/${v1}/consult`, { closes: "2099-03-10T18:00", introduction: "Please comment on our charter." });
    expect(res.status).toBe(302);
    consultationId = res.headers.get("location")!.split("/").pop()!;
    const row = await getDb().selectFrom("consultations").selectAll().where("id", "=", consultationId).executeTakeFirstOrThrow();
    expect(row.closes_at).toBe("2099-03-10T17:00:00.000Z");
    expect(row.time_zone).toBe("Europe/Paris");
    const jobs = await getDb().selectFrom("jobs" as never).select(["kind" as never, "key" as never]).execute();
    expect(jobs).toContainEqual({ kind: "mail:consultation", key: `consultation-opened:${consultationId}` });
    const page = await (await clientFor(null)).get(`/coalitions/${coalition.slug}/outputs/${v1}`);
    expect(await page.text()).toContain(pagePath(consultationId));
    const again = await coord.post(`/coalitions/${coalition.slug}/outputs/${v1}/consult`, { closes: inputIn(10), introduction: "Again" });
    expect(again.status).toBe(302); // already open: the form sends the coordinator to it
    expect(await getDb().selectFrom("consultations").selectAll().execute()).toHaveLength(1);
  });

  it("shows anyone the numbered text with the same ids on every render, and the closing date in their zone", async () => {
    const anon = await clientFor(null);
    const first = await (await anon.get(pagePath(consultationId))).text();
    const second = await (await anon.get(pagePath(consultationId))).text();
    const ids = (html: string) => [...html.matchAll(/<li id="(p-\d+)" data-paragraph="(\d+)"/g)].map((m) => `${m[1]}=${m[2]}`);
    expect(ids(first)).toEqual(["p-1=1", "p-2=2", "p-3=3", "p-4=4", "p-5=5", "p-6=6"]);
    expect(ids(second)).toEqual(ids(first));
    expect(first).toContain("Please comment on our charter.");
    expect(first).toContain("Sign in to comment");
    const tokyo = await anon.get(pagePath(consultationId), { headers: { Cookie: "tz=Asia/Tokyo" } });
    expect(await tokyo.text()).toMatch(/11 Mar 2099, 02:00/);
  });
});

describe("commenting", () => {
  it("lets a non-member comment on paragraph 3, with the group they speak for and their region", async () => {
    const res = await (await clientFor(users.outsider)).post(`${pagePath(consultationId)}?index`, { intent: "comment", paragraph: "3", paragraphTo: "", group: "civil", body: "Spectrum for community networks should be **free**." });
    expect(res.status).toBe(302);
    const row = await getDb().selectFrom("consultation_comments").selectAll().where("consultation_id", "=", consultationId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ paragraph_from: 3, paragraph_to: 3, stakeholder_group: "civil", region: "african", author_id: users.outsider.id });
    expect(row.body_html).toContain("<strong>free</strong>");
    const page = await (await (await clientFor(null)).get(pagePath(consultationId))).text();
    expect(page).toMatch(/data-paragraph="3"[\s\S]*?1 comment/);
  });

  it("refuses bad input with the values kept and nothing stored, and sends visitors to sign in", async () => {
    const before = await countComments(consultationId);
    const outsider = await clientFor(users.outsider);
    const far = await outsider.post(`${pagePath(consultationId)}?index`, { intent: "comment", paragraph: "40", paragraphTo: "", group: "civil", body: "Kept text" });
    expect(far.status).toBe(400);
    const body = await far.text();
    expect(body).toContain("This version has paragraphs 1 to 6.");
    expect(body).toContain("Kept text");
    const range = await outsider.post(`${pagePath(consultationId)}?index`, { intent: "comment", paragraph: "4", paragraphTo: "2", group: "civil", body: "Backwards" });
    expect(range.status).toBe(400);
    const noGroup = await outsider.post(`${pagePath(consultationId)}?index`, { intent: "comment", paragraph: "2", paragraphTo: "", group: "", body: "Who am I" });
    expect(noGroup.status).toBe(400);
    const anon = await (await clientFor(null)).post(`${pagePath(consultationId)}?index`, { intent: "comment", paragraph: "2", paragraphTo: "", group: "civil", body: "Anonymous" });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    expect(await countComments(consultationId)).toBe(before);
  });

  it("rate-limits new accounts (429 with the wait, nothing stored) and does not follow their links", async () => {
    const newbie = await clientFor(users.newbie);
    for (let i = 1; i <= 3; i++) {
      const ok = await newbie.post(`${pagePath(consultationId)}?index`, { intent: "comment", paragraph: String(i), paragraphTo: "", group: "private", body: `Point ${i}: see https://example.net/${i}` });
      expect(ok.status).toBe(302);
    }
    const before = await countComments(consultationId);
    const refused = await newbie.post(`${pagePath(consultationId)}?index`, { intent: "comment", paragraph: "4", paragraphTo: "", group: "private", body: "One more" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.text()).toContain("New accounts may write 3 comments an hour.");
    expect(await countComments(consultationId)).toBe(before);
    const newbieRow = await getDb().selectFrom("consultation_comments").select("body_html").where("author_id", "=", users.newbie.id).executeTakeFirstOrThrow();
    expect(newbieRow.body_html).toMatch(/<a href="https:\/\/example\.net\/\d" rel="nofollow ugc noopener">/);
    const res = await (await clientFor(users.outsider)).post(`${pagePath(consultationId)}?index`, { intent: "comment", paragraph: "5", paragraphTo: "6", group: "civil", body: "See https://example.org/ok" });
    expect(res.status).toBe(302);
    const older = await getDb().selectFrom("consultation_comments").select("body_html").where("author_id", "=", users.outsider.id).where("paragraph_from", "=", 5).executeTakeFirstOrThrow();
    expect(older.body_html).toContain('rel="ugc noopener"');
    expect(older.body_html).not.toContain("nofollow");
  });

  it("lets readers reply, and only coordinators answer and hide (kept, shown as hidden)", async () => {
    const first = await getDb().selectFrom("consultation_comments").select("id").where("author_id", "=", users.outsider.id).where("paragraph_from", "=", 3).executeTakeFirstOrThrow();
    expect((await (await clientFor(users.member)).post(`${pagePath(consultationId)}?index`, { intent: "reply", comment: first.id, body: "Agreed." })).status).toBe(302);
    const byMember = await (await clientFor(users.member)).post(`${pagePath(consultationId)}?index`, { intent: "answer", comment: first.id, answer: "accepted", reason: "No" });
    expect(byMember.status).toBe(403);
    const coord = await clientFor(users.coordinator);
    const noReason = await coord.post(`${pagePath(consultationId)}?index`, { intent: "answer", comment: first.id, answer: "accepted", reason: "" });
    expect(noReason.status).toBe(400);
    const ok = await coord.post(`${pagePath(consultationId)}?index`, { intent: "answer", comment: first.id, answer: "partly", reason: "Free for community networks, priced for others." });
    expect(ok.status).toBe(302);
    expect(await getDb().selectFrom("consultation_comments").select(["answer", "answer_reason"]).where("id", "=", first.id).executeTakeFirst()).toEqual({ answer: "partly", answer_reason: "Free for community networks, priced for others." });
    // The author is mailed the answer in their language (a keyed mail:send).
    expect(await consultationMail(getDb(), { event: "answered", consultationId, commentId: first.id })).toBe(1);
    expect(await consultationMail(getDb(), { event: "answered", consultationId, commentId: first.id })).toBe(0);

    const spam = await getDb().selectFrom("consultation_comments").select("id").where("author_id", "=", users.newbie.id).where("paragraph_from", "=", 2).executeTakeFirstOrThrow();
    expect((await coord.post(`${pagePath(consultationId)}?index`, { intent: "hide", comment: spam.id, reason: "Advertising" })).status).toBe(302);
    const page = await (await (await clientFor(null)).get(pagePath(consultationId))).text();
    expect(page).toContain("Hidden by the coordinators: Advertising");
    expect(page).not.toContain("https://example.net/2");
    expect(page).toContain("Agreed.");
    expect(page).toContain("Free for community networks, priced for others.");
    // The coalition's activity feed counts shown comments (not replies, not hidden ones).
    const overview = await (await (await clientFor(null)).get(`/coalitions/${coalition.slug}`)).text();
    const items = [...overview.matchAll(/data-type="consultation\.commented"/g)].length;
    const shown = await getDb().selectFrom("consultation_comments").select("id").where("parent_id", "is", null).where("hidden_at", "is", null).execute();
    expect(items).toBe(shown.length);
    expect(overview).toContain(`${pagePath(consultationId)}#p-3`);
  });
});

describe("closing and the disposition table", () => {
  it("publishes nothing before the close, then the table in three formats (CSV safe in a spreadsheet)", async () => {
    const anon = await clientFor(null);
    expect((await anon.get(`${pagePath(consultationId)}/disposition.csv`)).status).toBe(409);
    await (await clientFor(users.outsider)).post(`${pagePath(consultationId)}?index`, { intent: "comment", paragraph: "6", paragraphTo: "", group: "civil", body: '=HYPERLINK("http://evil.example","click") <b>bold</b> | pipe' });
    expect((await (await clientFor(users.member)).post(`${pagePath(consultationId)}?index`, { intent: "close" })).status).toBe(403);
    const closed = await (await clientFor(users.coordinator)).post(`${pagePath(consultationId)}?index`, { intent: "close" });
    expect(closed.status).toBe(302);

    const csv = await anon.get(`${pagePath(consultationId)}/disposition.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = await csv.text();
    const lines = text.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe('"Paragraph","Comment","Commenter","Stakeholder group","Answer","Reason"');
    expect(text).toContain('"3","Spectrum for community networks should be **free**.","Ola Outsider (Village Net)","Civil society","Partly accepted","Free for community networks, priced for others."');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"") <b>bold</b> | pipe"`);
    expect(text).toContain('"2","Hidden by the coordinators: Advertising"');
    expect(text).not.toContain("Agreed."); // replies are conversation, not rows
    expect(text).toContain('"5–6"');

    const md = await (await anon.get(`${pagePath(consultationId)}/disposition.md`)).text();
    expect(md).toContain("| 3 | Spectrum for community networks should be **free**. | Ola Outsider (Village Net) | Civil society | Partly accepted |");
    expect(md).toContain("&lt;b>bold&lt;/b> \\| pipe");
    const html = await (await anon.get(`${pagePath(consultationId)}/disposition.html`)).text();
    expect(html).toContain("&lt;b&gt;bold&lt;/b&gt;");
    expect(html).not.toContain("<b>bold</b>");

    const page = await (await anon.get(pagePath(consultationId))).text();
    expect(page).toContain('data-testid="disposition-table"');
  });

  it("refuses comments after the close with a clear message, storing nothing", async () => {
    const before = await countComments(consultationId);
    const res = await (await clientFor(users.outsider)).post(`${pagePath(consultationId)}?index`, { intent: "comment", paragraph: "2", paragraphTo: "", group: "civil", body: "Too late" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("This consultation is closed: comments are no longer accepted.");
    const first = await getDb().selectFrom("consultation_comments").select("id").where("paragraph_from", "=", 3).where("parent_id", "is", null).executeTakeFirstOrThrow();
    expect((await (await clientFor(users.member)).post(`${pagePath(consultationId)}?index`, { intent: "reply", comment: first.id, body: "Late reply" })).status).toBe(409);
    expect(await countComments(consultationId)).toBe(before);
  });

  it("closes by itself when its date passes: the server refuses, nothing is stored, the table is published", async () => {
    const doc2 = (await createDocument(coalition.id, users.coordinator.id, { title: "Second text" })).id;
    await writeContent(doc2, CONTENT as never);
    const res = await (await clientFor(users.coordinator)).post(`/coalitions/${coalition.slug}/documents/${doc2}?index`, { intent: "publish", label: "Only", confirm: "yes" });
    expect(res.status).toBe(200);
    const version = await getDb().selectFrom("document_versions").select("id").where("document_id", "=", doc2).executeTakeFirstOrThrow();
    const opened = await openConsultation(await accessOf(users.coordinator), await requireVersion(coalition.id, version.id), { closes: inputIn(3), introduction: "Short one." }, "UTC");
    expect(opened.ok).toBe(true);
    const id = (opened as { id: string }).id;
    // The date passes (no row changes: closing by date is computed).
    await getDb().updateTable("consultations").set({ closes_at: new Date(Date.now() - 1000).toISOString() }).where("id", "=", id).execute();
    const c = await requireConsultation(await accessOf(users.outsider), id);
    const refused = await addComment(await accessOf(users.outsider), c, { paragraph: "1", paragraphTo: "", group: "civil", body: "Late" });
    expect(refused).toMatchObject({ ok: false, status: 409, message: "This consultation is closed: comments are no longer accepted." });
    expect(await countComments(id)).toBe(0);
    expect((await (await clientFor(null)).get(`${pagePath(id)}/disposition.csv`)).status).toBe(200);
    expect(await consultationMail(getDb(), { event: "closing", consultationId: id })).toBe(0);
  });

  it("links the next version back to the consultation it answers", async () => {
    await writeContent(docId, { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Revised after the consultation." }] }] } as never);
    const v2 = await publish(docId, "Revised");
    const page = await (await (await clientFor(null)).get(`/coalitions/${coalition.slug}/outputs/${v2}`)).text();
    expect(page).toContain("This version answers the consultation on version 1");
    expect(page).toContain(`href="${pagePath(consultationId)}"`);
    const v1Page = await (await (await clientFor(null)).get(`/coalitions/${coalition.slug}/outputs/${v1}`)).text();
    expect(v1Page).not.toContain("This version answers the consultation");
  });
});

describe("a private coalition", () => {
  it("hides its consultations from non-members (404) and lets no outsider comment", async () => {
    const doc = (await createDocument(privateCoalition.id, users.coordinator.id, { title: "Internal" })).id;
    await writeContent(doc, CONTENT as never);
    const res = await (await clientFor(users.coordinator)).post(`/coalitions/${privateCoalition.slug}/documents/${doc}?index`, { intent: "publish", label: "One", confirm: "yes" });
    expect(res.status).toBe(200);
    const version = await getDb().selectFrom("document_versions").select("id").where("document_id", "=", doc).executeTakeFirstOrThrow();
    const opened = await openConsultation(await accessOf(users.coordinator, privateCoalition.slug), await requireVersion(privateCoalition.id, version.id), { closes: inputIn(5), introduction: "Members only." }, "UTC");
    const id = (opened as { id: string }).id;
    expect((await (await clientFor(users.outsider)).get(`/coalitions/${privateCoalition.slug}/consultations/${id}`)).status).toBe(404);
    expect((await (await clientFor(users.outsider)).post(`/coalitions/${privateCoalition.slug}/consultations/${id}?index`, { intent: "comment", paragraph: "1", paragraphTo: "", group: "civil", body: "Hi" })).status).toBe(404);
    expect(await countComments(id)).toBe(0);
  });
});
