import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createDocument, createUser, type TestUser } from "../helpers/factories";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { clientAs, startThread } from "../helpers/threads";

// Issue 19, "Threads": what authors are told and may still do once a coordinator steps in, and
// the coordinators' move-to-a-document control.

let server: TestServer;
let coordinator: TestUser, author: TestUser, other: TestUser;
let pub: { id: string; slug: string };
const tag = Date.now().toString(36);

beforeAll(async () => {
  server = await startTestServer();
  coordinator = await createUser({ name: "Cleo Coordinator", email: `cleo.${tag}@example.org` });
  author = await createUser({ name: "Ada Author", email: `ada.${tag}@example.org`, organization: "<b>Open</b> & Co", stakeholder_group: "civil" });
  other = await createUser({ name: "Omar Other", email: `omar.${tag}@example.org` });
  pub = await createCoalition({ name: "Author Rights Coalition", visibility: "public" });
  await addMember(pub.id, coordinator.id, "coordinator");
  await addMember(pub.id, author.id, "member");
  await addMember(pub.id, other.id, "member");
});
afterAll(async () => {
  await server?.close();
});

const as = (u: TestUser) => clientAs(server.url, u.id);
const url = (id: string) => `/coalitions/${pub.slug}/threads/${id}`;
const firstPost = (threadId: string) =>
  getDb().selectFrom("posts").select(["id", "body", "deleted_at", "edited_at"]).where("thread_id", "=", threadId).where("number", "=", 1).executeTakeFirstOrThrow();
const notificationsOf = (userId: string) =>
  getDb().selectFrom("notifications").select(["kind", "text", "link"]).where("user_id", "=", userId).where("kind", "=", "moderation").orderBy("id").execute();

describe("a locked thread", () => {
  it("refuses its authors' edits and deletions (409, nothing changes) and hides the controls", async () => {
    const id = await startThread(await as(author), pub.slug, "Frozen thread", "My first words.");
    const post = await firstPost(id);
    expect((await (await as(coordinator)).post(url(id), { intent: "lock" })).status).toBe(302);
    const a = await as(author);
    const edit = await a.post(url(id), { intent: "edit", post_id: post.id, body: "Changed after the lock" });
    expect(edit.status).toBe(409);
    expect(await edit.text()).toContain("its posts can no longer be edited or deleted");
    expect((await a.post(url(id), { intent: "delete", post_id: post.id })).status).toBe(409);
    expect(await firstPost(id)).toMatchObject({ body: "My first words.", deleted_at: null, edited_at: null });
    const html = await (await a.get(url(id))).text();
    expect(html).not.toContain("Yes, delete");
    expect(html).not.toMatch(/>Edit</);
    // Unlocked again, the author may delete.
    expect((await (await as(coordinator)).post(url(id), { intent: "unlock" })).status).toBe(302);
    expect(await (await a.get(url(id))).text()).toContain("Yes, delete");
    expect((await a.post(url(id), { intent: "delete", post_id: post.id })).status).toBe(302);
  });
});

describe("authors are told", () => {
  it("when their post is hidden, with the coordinator's reason, in the bell", async () => {
    const id = await startThread(await as(author), pub.slug, "Hidden post thread", "Something off topic.");
    const post = await firstPost(id);
    expect((await (await as(coordinator)).post(url(id), { intent: "hide", post_id: post.id, reason: "Off topic <here>" })).status).toBe(302);
    const got = await notificationsOf(author.id);
    expect(got.at(-1)).toEqual({ kind: "moderation", text: "A coordinator hid your post #1 in “Hidden post thread”: Off topic <here>", link: `${url(id)}?page=1#post-1` });
    // The bell escapes it like any notification.
    const bell = await (await (await as(author)).get("/notifications")).text();
    expect(bell).toContain("Off topic &lt;here&gt;");
    // Showing it again tells nobody; nobody else was told.
    const before = (await notificationsOf(author.id)).length;
    expect((await (await as(coordinator)).post(url(id), { intent: "unhide", post_id: post.id })).status).toBe(302);
    expect((await notificationsOf(author.id)).length).toBe(before);
    expect(await notificationsOf(other.id)).toEqual([]);
  });

  it("when their thread is locked, with the reason, which the thread shows; a bad reason is refused", async () => {
    const id = await startThread(await as(author), pub.slug, "Thread to lock", "Opening words.");
    const c = await as(coordinator);
    const bad = await c.post(url(id), { intent: "lock", reason: "x".repeat(501) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Use at most 500 characters.");
    const bidi = await c.post(url(id), { intent: "lock", reason: "Admin\u202Egnp.exe" });
    expect(bidi.status).toBe(400);
    const thread = () => getDb().selectFrom("threads").select(["locked", "locked_reason"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(await thread()).toEqual({ locked: 0, locked_reason: null });
    expect((await c.post(url(id), { intent: "lock", reason: "The decision was taken." })).status).toBe(302);
    expect(await thread()).toEqual({ locked: 1, locked_reason: "The decision was taken." });
    expect((await notificationsOf(author.id)).at(-1)).toEqual({ kind: "moderation", text: "A coordinator locked your thread “Thread to lock”: The decision was taken.", link: url(id) });
    expect(await (await (await as(other)).get(url(id))).text()).toContain("Reason: The decision was taken.");
    const audit = await getDb().selectFrom("audit_events").select(["reason"]).where("coalition_id", "=", pub.id).where("action", "=", "thread.locked").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(audit.reason).toBe("The decision was taken.");
    // Unlocking clears the reason.
    expect((await c.post(url(id), { intent: "unlock" })).status).toBe(302);
    expect(await thread()).toEqual({ locked: 0, locked_reason: null });
  });
});

describe("edit history", () => {
  it("is shown to the author and coordinators, behind the 'edited' mark, not to other members or visitors", async () => {
    const id = await startThread(await as(author), pub.slug, "History thread", "First version of my text.");
    const post = await firstPost(id);
    expect((await (await as(author)).post(url(id), { intent: "edit", post_id: post.id, body: "Second version." })).status).toBe(302);
    const mine = await (await (await as(author)).get(url(id))).text();
    expect(mine).toContain('href="#post-1-history"');
    expect(mine).toContain("visible to you and coordinators");
    expect(mine).toContain("First version of my text.");
    expect(await (await (await as(coordinator)).get(url(id))).text()).toContain("First version of my text.");
    for (const client of [await as(other), new TestClient(server.url)]) {
      const html = await (await client.get(url(id))).text();
      expect(html).toContain("Second version.");
      expect(html).not.toContain("First version of my text.");
    }
  });
});

describe("under each author's name", () => {
  it("shows their organisation, escaped", async () => {
    const id = await startThread(await as(author), pub.slug, "Organisation thread", "Hello.");
    const html = await (await new TestClient(server.url).get(url(id))).text();
    expect(html).toContain("&lt;b&gt;Open&lt;/b&gt; &amp; Co · Civil society");
    expect(html).not.toContain("<b>Open</b>");
  });
});

describe("moving a thread to a document", () => {
  it("lets coordinators move it to a live document of the coalition or to none, audited; refuses members and foreign or archived documents", async () => {
    const docA = await createDocument(pub.id, coordinator.id, { title: "Charter draft" });
    const archived = await createDocument(pub.id, coordinator.id, { title: "Old draft", archived_at: new Date().toISOString() });
    const elsewhere = await createCoalition({ visibility: "public" });
    const foreign = await createDocument(elsewhere.id, coordinator.id, { title: "Foreign draft" });
    const id = await startThread(await as(author), pub.slug, "Thread to file", "Which document is this about?");
    const docOf = async () => (await getDb().selectFrom("threads").select(["document_id"]).where("id", "=", id).executeTakeFirstOrThrow()).document_id;

    expect((await (await as(author)).post(url(id), { intent: "move-document", document_id: docA.id })).status).toBe(403);
    const c = await as(coordinator);
    const page = await (await c.get(url(id))).text();
    expect(page).toContain('name="document_id"');
    expect(page).toContain("Charter draft");
    expect(page).not.toContain("Old draft");
    for (const bad of [foreign.id, archived.id, "no-such-doc", "../x"]) {
      const res = await c.post(url(id), { intent: "move-document", document_id: bad });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("Choose a document of this coalition.");
    }
    expect(await docOf()).toBe(null);

    expect((await c.post(url(id), { intent: "move-document", document_id: docA.id })).status).toBe(302);
    expect(await docOf()).toBe(docA.id);
    expect(await (await c.get(url(id))).text()).toContain("Charter draft</a>");
    expect((await c.post(url(id), { intent: "move-document", document_id: "" })).status).toBe(302);
    expect(await docOf()).toBe(null);
    const audit = await getDb()
      .selectFrom("audit_events")
      .select(["detail"])
      .where("coalition_id", "=", pub.id)
      .where("action", "=", "thread.document_changed")
      .orderBy("id")
      .execute();
    expect(audit.map((a) => JSON.parse(String(a.detail)))).toMatchObject([
      { threadId: id, from: null, to: "Charter draft" },
      { threadId: id, from: "Charter draft", to: null },
    ]);
    const log = await (await c.get(`/coalitions/${pub.slug}/members`)).text();
    expect(log).toContain("moved the thread “Thread to file” to the document “Charter draft”");
  });
});
