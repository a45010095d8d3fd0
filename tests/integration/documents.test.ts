import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor, type TestUser } from "../helpers/factories";
import { docJson, writeContent } from "../helpers/documents";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
type Coal = Awaited<ReturnType<typeof createCoalition>>;
let pub: Coal;
let priv: Coal;
const users: Record<"coordinator" | "member" | "observer" | "outsider", TestUser> = {} as never;

async function clientFor(user?: TestUser): Promise<TestClient> {
  const client = new TestClient(server.url);
  if (user) {
    const c = await sessionCookieFor(user.id);
    client.cookies.set(c.name, c.value);
  }
  return client;
}

const countDocs = async (coalitionId: string) => (await getDb().selectFrom("documents").select("id").where("coalition_id", "=", coalitionId).execute()).length;
const countVersions = async (documentId: string) => (await getDb().selectFrom("document_versions").select("id").where("document_id", "=", documentId).execute()).length;

beforeAll(async () => {
  server = await startTestServer();
  pub = await createCoalition({ visibility: "public", name: "Open Docs Coalition" });
  priv = await createCoalition({ visibility: "private", name: "Closed Docs Coalition" });
  for (const role of ["coordinator", "member", "observer"] as const) {
    users[role] = await createUser({ name: `Doc ${role}` });
    await addMember(pub.id, users[role].id, role);
    await addMember(priv.id, users[role].id, role);
  }
  users.outsider = await createUser({ name: "Doc Outsider" });
});
afterAll(async () => {
  await server?.close();
});

describe("documents list and creation", () => {
  it("lists documents by last edit with who edited them", async () => {
    const older = await createDocument(pub.id, users.member.id, { title: "Older agenda" });
    const newer = await createDocument(pub.id, users.member.id, { title: "Newer charter" });
    await getDb().updateTable("documents").set({ last_edited_at: "2020-01-01T00:00:00.000Z", updated_at: "2020-01-01T00:00:00.000Z", last_edited_by: users.coordinator.id }).where("id", "=", older.id).execute();
    await getDb().updateTable("documents").set({ last_edited_at: "2021-01-01T00:00:00.000Z", updated_at: "2021-01-01T00:00:00.000Z", last_edited_by: users.member.id }).where("id", "=", newer.id).execute();
    const res = await (await clientFor(users.observer)).get(`/coalitions/${pub.slug}/documents`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.indexOf("Newer charter")).toBeGreaterThan(-1);
    expect(html.indexOf("Newer charter")).toBeLessThan(html.indexOf("Older agenda"));
    expect(html).toContain("Doc coordinator");
  });

  it("refuses an empty or too long title with a clear error, keeps the value and writes nothing", async () => {
    const client = await clientFor(users.member);
    const before = await countDocs(pub.id);
    const empty = await client.post(`/coalitions/${pub.slug}/documents?index`, { intent: "create", title: "   " });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Give the document a title.");
    const long = "L".repeat(201);
    const tooLong = await client.post(`/coalitions/${pub.slug}/documents?index`, { intent: "create", title: long });
    expect(tooLong.status).toBe(400);
    const body = await tooLong.text();
    expect(body).toContain("Use at most 200 characters.");
    expect(body).toContain(`value="${long}"`);
    expect(await countDocs(pub.id)).toBe(before);
  });

  it("lets a member create a document and opens it", async () => {
    const client = await clientFor(users.member);
    const res = await client.post(`/coalitions/${pub.slug}/documents?index`, { intent: "create", title: "  Work plan 2027  " });
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^/coalitions/${pub.slug}/documents/[a-z0-9]+$`));
    const row = await getDb().selectFrom("documents").selectAll().where("id", "=", location.split("/").pop()!).executeTakeFirstOrThrow();
    expect(row.title).toBe("Work plan 2027");
    expect(row.created_by).toBe(users.member.id);
    const page = await client.get(location);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Work plan 2027");
  });

  it("does not let observers create documents (403) and hides private lists from outsiders (404)", async () => {
    const before = await countDocs(pub.id);
    const res = await (await clientFor(users.observer)).post(`/coalitions/${pub.slug}/documents?index`, { intent: "create", title: "Nope" });
    expect(res.status).toBe(403);
    expect(await countDocs(pub.id)).toBe(before);
    expect((await (await clientFor(users.outsider)).get(`/coalitions/${priv.slug}/documents`)).status).toBe(404);
    expect((await (await clientFor()).get(`/coalitions/${priv.slug}/documents`)).status).toBe(404);
  });

  it("lets coordinators archive and restore, and nobody else", async () => {
    const doc = await createDocument(pub.id, users.member.id, { title: "To archive" });
    const member = await (await clientFor(users.member)).post(`/coalitions/${pub.slug}/documents?index`, { intent: "archive", documentId: doc.id });
    expect(member.status).toBe(403);
    const coord = await clientFor(users.coordinator);
    expect((await coord.post(`/coalitions/${pub.slug}/documents?index`, { intent: "archive", documentId: doc.id })).status).toBe(200);
    let row = await getDb().selectFrom("documents").select("archived_at").where("id", "=", doc.id).executeTakeFirstOrThrow();
    expect(row.archived_at).not.toBeNull();
    const list = await (await coord.get(`/coalitions/${pub.slug}/documents`)).text();
    expect(list).toContain("Archived (");
    expect((await coord.post(`/coalitions/${pub.slug}/documents?index`, { intent: "restore", documentId: doc.id })).status).toBe(200);
    row = await getDb().selectFrom("documents").select("archived_at").where("id", "=", doc.id).executeTakeFirstOrThrow();
    expect(row.archived_at).toBeNull();
  });
});

describe("the document page and exports", () => {
  let docId: string;
  beforeAll(async () => {
    docId = (await createDocument(pub.id, users.member.id, { title: "Charter draft" })).id;
    await writeContent(docId, docJson("Our charter", "We promote <open> standards & interoperability."));
  });

  it("server-renders the current content, escaped, before any JavaScript", async () => {
    const res = await (await clientFor(users.member)).get(`/coalitions/${pub.slug}/documents/${docId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Our charter</h1>");
    expect(html).toContain("We promote &lt;open&gt; standards &amp; interoperability.");
    expect(html).not.toContain("<open>");
  });

  it("tells observers why they cannot edit", async () => {
    const html = await (await (await clientFor(users.observer)).get(`/coalitions/${pub.slug}/documents/${docId}`)).text();
    expect(html).toContain("Our charter");
    expect(html).toContain("You are an observer in this coalition");
  });

  it("keeps drafts of a public coalition private to members and observers", async () => {
    expect((await (await clientFor(users.outsider)).get(`/coalitions/${pub.slug}/documents/${docId}`)).status).toBe(403);
    expect((await (await clientFor(users.outsider)).get(`/coalitions/${pub.slug}/documents/${docId}/export.md`)).status).toBe(403);
    const anon = await (await clientFor()).get(`/coalitions/${pub.slug}/documents/${docId}/export.html`);
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toMatch(/^\/login/);
  });

  it("exports the draft as Markdown and standalone HTML", async () => {
    const client = await clientFor(users.observer);
    const md = await client.get(`/coalitions/${pub.slug}/documents/${docId}/export.md`);
    expect(md.status).toBe(200);
    expect(md.headers.get("content-type")).toContain("text/markdown");
    expect(md.headers.get("content-disposition")).toBe(`attachment; filename="charter-draft-draft.md"; filename*=UTF-8''Charter-draft-draft.md`);
    const text = await md.text();
    expect(text).toContain("# Our charter");
    expect(text).toContain("interoperability");
    const html = await client.get(`/coalitions/${pub.slug}/documents/${docId}/export.html`);
    expect(html.headers.get("content-type")).toContain("text/html");
    const page = await html.text();
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain("<title>Charter draft</title>");
    expect(page).toContain("Open Docs Coalition");
    expect(page).not.toContain("<script");
  });

  it("answers 404 to non-members of a private coalition for the page and the exports", async () => {
    const doc = await createDocument(priv.id, users.member.id, { title: "Secret plan" });
    await writeContent(doc.id, docJson("Secret", "hidden text"));
    for (const path of ["", "/export.md", "/export.html", "/compare"]) {
      const res = await (await clientFor(users.outsider)).get(`/coalitions/${priv.slug}/documents/${doc.id}${path}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain("hidden text");
    }
    expect((await (await clientFor(users.observer)).get(`/coalitions/${priv.slug}/documents/${doc.id}/export.md`)).status).toBe(200);
  });

  it("renames with the same title rules", async () => {
    const client = await clientFor(users.member);
    const bad = await client.post(`/coalitions/${pub.slug}/documents/${docId}?index`, { intent: "rename", title: "" });
    expect(bad.status).toBe(400);
    expect((await getDb().selectFrom("documents").select("title").where("id", "=", docId).executeTakeFirstOrThrow()).title).toBe("Charter draft");
    const observer = await (await clientFor(users.observer)).post(`/coalitions/${pub.slug}/documents/${docId}?index`, { intent: "rename", title: "Hijacked" });
    expect(observer.status).toBe(403);
    const ok = await client.post(`/coalitions/${pub.slug}/documents/${docId}?index`, { intent: "rename", title: "Charter draft" });
    expect(ok.status).toBe(200);
  });
});

describe("publishing, outputs, comparing and restoring", () => {
  let docId: string;
  beforeAll(async () => {
    docId = (await createDocument(pub.id, users.member.id, { title: "Statement" })).id;
    await writeContent(docId, docJson("Statement on spam", "Spam harms trust online."));
  });
  const publish = async (user: TestUser, form: Record<string, string>) =>
    (await clientFor(user)).post(`/coalitions/${pub.slug}/documents/${docId}?index`, { intent: "publish", confirm: "yes", ...form });

  it("refuses a label over 100 characters, and non-coordinators, writing nothing", async () => {
    const long = await publish(users.coordinator, { label: "x".repeat(101), note: "kept note" });
    expect(long.status).toBe(400);
    const body = await long.text();
    expect(body).toContain("Use at most 100 characters.");
    const empty = await publish(users.coordinator, { label: "" });
    expect(empty.status).toBe(400);
    expect((await publish(users.member, { label: "Member try" })).status).toBe(403);
    expect(await countVersions(docId)).toBe(0);
  });

  it("publishes nothing without confirmation: a bare POST answers what would happen, and going back keeps the values", async () => {
    const bare = await (await clientFor(users.coordinator)).post(`/coalitions/${pub.slug}/documents/${docId}?index`, { intent: "publish", label: "Unconfirmed", note: "kept" });
    expect(bare.status).toBe(400);
    const body = await bare.text();
    expect(body).toContain("as version 1, “Unconfirmed”");
    expect(body).toContain("cannot be edited afterwards");
    expect((await publish(users.coordinator, { label: "Unconfirmed", confirm: "no" })).status).toBe(400);
    const back = await publish(users.coordinator, { label: "Unconfirmed", note: "kept", confirm: "back" });
    expect(back.status).toBe(200);
    expect(await back.text()).toContain("kept");
    expect(await countVersions(docId)).toBe(0);
  });

  it("publishes numbered versions; two at once get two distinct numbers", async () => {
    const first = await publish(users.coordinator, { label: "First edition", note: "Agreed at IGF 2026" });
    expect(first.status).toBe(200);
    const racers = ["Race A", "Race B", "Race C"];
    const results = await Promise.all(racers.map((label) => publish(users.coordinator, { label })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const rows = await getDb().selectFrom("document_versions").select(["number", "label", "plain_text", "html"]).where("document_id", "=", docId).orderBy("number").execute();
    expect(rows.map((r) => Number(r.number))).toEqual([1, 2, 3, 4]);
    expect(new Set(rows.map((r) => r.label))).toEqual(new Set(["First edition", ...racers]));
    expect(rows[0].plain_text).toBe("Statement on spam\nSpam harms trust online.");
    expect(rows[0].html).toContain("<h1>Statement on spam</h1>");
    const doc = await getDb().selectFrom("documents").select("plain_text").where("id", "=", docId).executeTakeFirstOrThrow();
    expect(doc.plain_text).toBe("Statement on spam\nSpam harms trust online.");
  });

  it("shows published versions to anonymous visitors of a public coalition, not the draft", async () => {
    const v = await getDb().selectFrom("document_versions").select("id").where("document_id", "=", docId).where("number", "=", 1).executeTakeFirstOrThrow();
    const anon = await clientFor();
    const list = await anon.get(`/coalitions/${pub.slug}/outputs`);
    expect(list.status).toBe(200);
    expect(await list.text()).toContain("First edition");
    const page = await anon.get(`/coalitions/${pub.slug}/outputs/${v.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Spam harms trust online.");
    expect(html).toContain("Open Docs Coalition");
    expect(html).toContain("Doc coordinator");
    expect(html).toContain(`/coalitions/${pub.slug}/outputs/${v.id}`);
    const md = await anon.get(`/coalitions/${pub.slug}/outputs/${v.id}/export.md`);
    expect(md.status).toBe(200);
    expect(await md.text()).toContain("version 1: First edition");
  });

  it("keeps a private coalition's outputs from outsiders (404) and shows them to observers", async () => {
    const doc = await createDocument(priv.id, users.member.id, { title: "Private output" });
    await writeContent(doc.id, docJson("Private", "members only"));
    const res = await (await clientFor(users.coordinator)).post(`/coalitions/${priv.slug}/documents/${doc.id}?index`, { intent: "publish", label: "v1", confirm: "yes" });
    expect(res.status).toBe(200);
    const v = await getDb().selectFrom("document_versions").select("id").where("document_id", "=", doc.id).executeTakeFirstOrThrow();
    for (const path of [`/outputs`, `/outputs/${v.id}`, `/outputs/${v.id}/export.md`, `/outputs/${v.id}/export.html`]) {
      expect((await (await clientFor()).get(`/coalitions/${priv.slug}${path}`)).status).toBe(404);
      expect((await (await clientFor(users.outsider)).get(`/coalitions/${priv.slug}${path}`)).status).toBe(404);
    }
    expect((await (await clientFor(users.observer)).get(`/coalitions/${priv.slug}/outputs/${v.id}`)).status).toBe(200);
  });

  it("answers an unknown version id with a clear 404", async () => {
    const res = await (await clientFor(users.member)).get(`/coalitions/${pub.slug}/outputs/nosuchversion`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("There is no such published version");
    const cmp = await (await clientFor(users.member)).get(`/coalitions/${pub.slug}/documents/${docId}/compare?from=nosuchversion&to=draft`);
    expect(cmp.status).toBe(404);
    const restore = await (await clientFor(users.coordinator)).post(`/coalitions/${pub.slug}/outputs/nosuchversion?index`, { intent: "restore" });
    expect(restore.status).toBe(404);
  });

  it("compares a version with the draft for members only", async () => {
    await writeContent(docId, { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Added later." }] }] });
    const v1 = await getDb().selectFrom("document_versions").select("id").where("document_id", "=", docId).where("number", "=", 1).executeTakeFirstOrThrow();
    const res = await (await clientFor(users.member)).get(`/coalitions/${pub.slug}/documents/${docId}/compare?from=${v1.id}&to=draft`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<ins[^>]*>[^<]*Added later\.[^<]*<\/ins>/);
    expect(html).toMatch(/\+(<!-- -->)?2 words/);
    expect((await (await clientFor(users.observer)).get(`/coalitions/${pub.slug}/documents/${docId}/compare`)).status).toBe(403);
  });

  it("restores a version into the draft as a new edit (coordinators only)", async () => {
    const v1 = await getDb().selectFrom("document_versions").select("id").where("document_id", "=", docId).where("number", "=", 1).executeTakeFirstOrThrow();
    const updatesBefore = (await getDb().selectFrom("document_updates").select("seq").where("document_id", "=", docId).execute()).length;
    expect((await (await clientFor(users.member)).post(`/coalitions/${pub.slug}/outputs/${v1.id}?index`, { intent: "restore", confirm: "yes" })).status).toBe(403);
    // Without confirmation nothing is written: the answer says what would happen.
    const bare = await (await clientFor(users.coordinator)).post(`/coalitions/${pub.slug}/outputs/${v1.id}?index`, { intent: "restore" });
    expect(bare.status).toBe(400);
    expect(await bare.text()).toContain("replaces the working draft of “Statement” with the text of version 1");
    expect((await getDb().selectFrom("document_updates").select("seq").where("document_id", "=", docId).execute()).length).toBe(updatesBefore);
    expect(await (await (await clientFor(users.member)).get(`/coalitions/${pub.slug}/documents/${docId}`)).text()).toContain("Added later.");
    const res = await (await clientFor(users.coordinator)).post(`/coalitions/${pub.slug}/outputs/${v1.id}?index`, { intent: "restore", confirm: "yes" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("The draft now reads as version 1");
    const page = await (await (await clientFor(users.member)).get(`/coalitions/${pub.slug}/documents/${docId}`)).text();
    expect(page).toContain("Spam harms trust online.");
    expect(page).not.toContain("Added later.");
    // A new edit on top of the log (or the live server), not a rewrite: earlier rows are still there.
    const updatesAfter = (await getDb().selectFrom("document_updates").select("seq").where("document_id", "=", docId).execute()).length;
    const snapshot = await getDb().selectFrom("document_snapshots").select("document_id").where("document_id", "=", docId).executeTakeFirst();
    expect(updatesAfter > updatesBefore || Boolean(snapshot)).toBe(true);
    expect(await countVersions(docId)).toBe(4);
  });
});
