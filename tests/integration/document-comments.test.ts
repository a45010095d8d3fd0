import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createDocument, createUser } from "../helpers/factories";
import { clientAs, type TestClient } from "../helpers/http";
import { collabClient, typeText, type CollabClient } from "../helpers/collab";
import { startTestServer, type TestServer } from "../helpers/server";
import { sessionCookieFor } from "../helpers/factories";

// Comments on a draft (issue 23) over HTTP: every request asks the policy with the role as it is now.

let server: TestServer;
const sockets: CollabClient[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await server?.close();
});

/** Two encoded relative positions over characters [from, to) of the first paragraph. */
function anchorOf(doc: Y.Doc, from: number, to: number) {
  const para = doc.getXmlFragment("default").get(0) as Y.XmlElement;
  const text = para.get(0) as Y.XmlText;
  const enc = (i: number) => Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, i))).toString("base64");
  return { anchor_start: enc(from), anchor_end: enc(to) };
}

async function setup(opts: { observersMayComment?: boolean } = {}) {
  const coalition = await createCoalition({ visibility: "private" });
  if (opts.observersMayComment) await getDb().updateTable("coalitions").set({ observers_may_comment: 1 }).where("id", "=", coalition.id).execute();
  const ana = await createUser({ name: "Ana Member" });
  const ben = await createUser({ name: "Ben Member" });
  const cora = await createUser({ name: "Cora Coordinator" });
  const otto = await createUser({ name: "Otto Observer" });
  await addMember(coalition.id, ana.id, "member");
  await addMember(coalition.id, ben.id, "member");
  await addMember(coalition.id, cora.id, "coordinator");
  await addMember(coalition.id, otto.id, "observer");
  const doc = await createDocument(coalition.id, ana.id, { title: "Charter" });
  // Some text, typed through the collaboration server as a member would.
  const socket = collabClient(server.url, doc.id, await sessionCookieFor(ana.id));
  sockets.push(socket);
  await socket.synced();
  typeText(socket.doc, "We support open standards.");
  const base = `/coalitions/${coalition.slug}/documents/${doc.id}`;
  return {
    coalition,
    doc,
    ydoc: socket.doc,
    users: { ana, ben, cora, otto },
    base,
    url: `${base}/comments`,
    as: (u: { id: string }) => clientAs(server.url, u),
  };
}

type Listed = { comments: Array<{ id: string; quote: string; bodyHtml: string; body: string | null; canEdit: boolean; canDelete: boolean; versionNumber: number; resolvedAt: string | null; resolvedBy: string | null; resolvedVersionNumber: number | null; replies: Array<{ id: string; bodyHtml: string }> }>; canComment: boolean };
const list = async (c: TestClient, url: string) => (await (await c.get(url)).json()) as Listed;

describe("comments over HTTP", () => {
  it("a member comments on selected text, another replies with a mention: stored with the anchor and the version, the mention notified, the Markdown sanitised", async () => {
    const s = await setup();
    const ana = await s.as(s.users.ana);
    const res = await ana.post(s.url, { intent: "create", body: "Say **which** standards <script>alert(1)</script>", quote: "open standards", ...anchorOf(s.ydoc, 11, 25) });
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    const row = await getDb().selectFrom("document_comments").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.version_number).toBe(0);
    expect(Y.decodeRelativePosition(Buffer.from(row.anchor_start!, "base64"))).toBeTruthy();
    expect(row.body_html).toContain("<strong>which</strong>");
    expect(row.body_html).not.toContain("<script");

    const ben = await s.as(s.users.ben);
    const handle = (await getDb().selectFrom("users").select("handle").where("id", "=", s.users.ana.id).executeTakeFirstOrThrow()).handle;
    expect((await ben.post(s.url, { intent: "reply", parent_id: id, body: `@${handle} agreed` })).status).toBe(200);
    const note = await getDb().selectFrom("notifications").selectAll().where("user_id", "=", s.users.ana.id).executeTakeFirst();
    expect(note?.link).toBe(`${s.base}#comment-${id}`);

    const seen = await list(ben, s.url);
    expect(seen.canComment).toBe(true);
    expect(seen.comments).toHaveLength(1);
    expect(seen.comments[0]).toMatchObject({ quote: "open standards", canEdit: false, canDelete: false, body: null });
    expect(seen.comments[0].replies).toHaveLength(1);
    expect((await list(ana, s.url)).comments[0]).toMatchObject({ canEdit: true, canDelete: true });
    // The coalition's activity says so, linking to the comment.
    const overview = await (await ben.get(`/coalitions/${s.coalition.slug}`)).text();
    expect(overview).toContain("commented on");
    expect(overview).toContain(`${s.base}#comment-${id}`);
  });

  it("refuses bad input with a clear message and saves nothing", async () => {
    const s = await setup();
    const ana = await s.as(s.users.ana);
    const empty = await ana.post(s.url, { intent: "create", body: "   ", quote: "x", ...anchorOf(s.ydoc, 0, 2) });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { fieldErrors: Record<string, string> }).fieldErrors.body).toBe("Write a comment.");
    const badAnchor = await ana.post(s.url, { intent: "create", body: "Hello", anchor_start: "not base64!", anchor_end: "AAAA" });
    expect(badAnchor.status).toBe(400);
    expect((await ana.post(s.url, { intent: "reply", parent_id: "nope", body: "Hi" })).status).toBe(404);
    expect((await ana.post(s.url, { intent: "frobnicate" })).status).toBe(400);
    expect((await list(ana, s.url)).comments).toHaveLength(0);
  });

  it("authors edit and delete their own; others may not; a coordinator deletes anyone's, audited", async () => {
    const s = await setup();
    const ana = await s.as(s.users.ana);
    const ben = await s.as(s.users.ben);
    const cora = await s.as(s.users.cora);
    const { id } = (await (await ana.post(s.url, { intent: "create", body: "First", quote: "We", ...anchorOf(s.ydoc, 0, 2) })).json()) as { id: string };
    expect((await ben.post(s.url, { intent: "edit", id, body: "Hijacked" })).status).toBe(403);
    expect((await ben.post(s.url, { intent: "delete", id })).status).toBe(403);
    expect((await ana.post(s.url, { intent: "edit", id, body: "First, *edited*" })).status).toBe(200);
    expect((await list(ana, s.url)).comments[0].bodyHtml).toContain("<em>edited</em>");
    expect((await cora.post(s.url, { intent: "delete", id })).status).toBe(200);
    expect((await list(ana, s.url)).comments).toHaveLength(0);
    const audit = await getDb().selectFrom("audit_events").selectAll().where("coalition_id", "=", s.coalition.id).where("action", "=", "comment.deleted").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(s.users.cora.id);
    // One's own deletion is not a moderation: not audited.
    const own = (await (await ben.post(s.url, { intent: "create", body: "Mine", quote: "We", ...anchorOf(s.ydoc, 0, 2) })).json()) as { id: string };
    expect((await ben.post(s.url, { intent: "delete", id: own.id })).status).toBe(200);
    expect(await getDb().selectFrom("audit_events").select("id").where("coalition_id", "=", s.coalition.id).where("action", "=", "comment.deleted").execute()).toHaveLength(1);
  });

  it("resolve and reopen record who, when and the version; the version's page shows what was resolved before it; publishing warns about open ones", async () => {
    const s = await setup();
    const ana = await s.as(s.users.ana);
    const cora = await s.as(s.users.cora);
    const first = (await (await ana.post(s.url, { intent: "create", body: "Resolve me", quote: "open", ...anchorOf(s.ydoc, 11, 15) })).json()) as { id: string };
    const second = (await (await ana.post(s.url, { intent: "create", body: "Still open", quote: "standards", ...anchorOf(s.ydoc, 16, 25) })).json()) as { id: string };
    expect((await cora.post(s.url, { intent: "resolve", id: first.id })).status).toBe(200);
    const listed = (await list(ana, s.url)).comments.find((c) => c.id === first.id)!;
    expect(listed.resolvedAt).not.toBeNull();
    expect(listed.resolvedBy).toBe("Cora Coordinator");
    expect(listed.resolvedVersionNumber).toBe(0);
    expect(await getDb().selectFrom("audit_events").select("action").where("coalition_id", "=", s.coalition.id).where("action", "=", "comment.resolved").execute()).toHaveLength(1);

    // The confirmation step says how many comments are still open.
    const confirm = await cora.post(`${s.base}?index`, { intent: "publish", label: "First reading", note: "" });
    expect(confirm.status).toBe(400);
    expect(await confirm.text()).toContain("1 comment is still open on this draft. Publishing does not resolve them.");
    const published = await cora.post(`${s.base}?index`, { intent: "publish", label: "First reading", note: "", confirm: "yes" });
    expect(published.status).toBe(200);
    const version = await getDb().selectFrom("document_versions").selectAll().where("document_id", "=", s.doc.id).executeTakeFirstOrThrow();

    // A comment made after it belongs to version 1; reopening and resolving again records version 1.
    const third = (await (await ana.post(s.url, { intent: "create", body: "After v1", quote: "We", ...anchorOf(s.ydoc, 0, 2) })).json()) as { id: string };
    expect((await list(ana, s.url)).comments.find((c) => c.id === third.id)!.versionNumber).toBe(1);
    expect((await ana.post(s.url, { intent: "resolve", id: second.id })).status).toBe(200);
    expect((await list(ana, s.url)).comments.find((c) => c.id === second.id)!.resolvedVersionNumber).toBe(1);
    expect((await ana.post(s.url, { intent: "reopen", id: first.id })).status).toBe(200);
    expect((await ana.post(s.url, { intent: "resolve", id: first.id })).status).toBe(200);

    // The version's page: only what was resolved before it was published (nothing now: first was reopened after).
    const page = await (await ana.get(`/coalitions/${s.coalition.slug}/outputs/${version.id}`)).text();
    expect(page).not.toContain("Resolve me");
    await getDb().updateTable("document_comments").set({ resolved_at: "2000-01-01T00:00:00.000Z" }).where("id", "=", first.id).execute();
    const again = await (await ana.get(`/coalitions/${s.coalition.slug}/outputs/${version.id}`)).text();
    expect(again).toContain("Comments resolved before this version");
    expect(again).toContain("Resolve me");
    expect(again).not.toContain("Still open");
  });

  it("exports include the open comments as notes only when asked", async () => {
    const s = await setup();
    const ana = await s.as(s.users.ana);
    await ana.post(s.url, { intent: "create", body: "Name them <b>all</b>", quote: "open standards", ...anchorOf(s.ydoc, 11, 25) });
    await expect.poll(async () => (await (await ana.get(`${s.base}/export.md`)).text()).includes("open standards")).toBe(true);
    const plain = await (await ana.get(`${s.base}/export.md`)).text();
    expect(plain).not.toContain("Open comments");
    const md = await (await ana.get(`${s.base}/export.md?comments=1`)).text();
    expect(md).toContain("## Open comments [^c1]");
    expect(md).toMatch(/\[\^c1\]: On “open standards” Ana Member: Name them \\<b\\>all\\<\/b\\>/);
    const html = await (await ana.get(`${s.base}/export.html?comments=1`)).text();
    expect(html).toContain('<h2 id="open-comments">Open comments</h2>');
    expect(html).toContain("Name them &lt;b&gt;all&lt;/b&gt;");
  });
});

describe("who may comment", () => {
  it("observers: refused unless the coalition allows it; allowed ones still cannot rename the document", async () => {
    const closed = await setup();
    const otto = await closed.as(closed.users.otto);
    expect((await list(otto, closed.url)).canComment).toBe(false);
    expect((await otto.post(closed.url, { intent: "create", body: "Hi", quote: "We", ...anchorOf(closed.ydoc, 0, 2) })).status).toBe(403);

    const open = await setup({ observersMayComment: true });
    const otto2 = await open.as(open.users.otto);
    expect((await list(otto2, open.url)).canComment).toBe(true);
    const made = await otto2.post(open.url, { intent: "create", body: "An observer's view", quote: "We", ...anchorOf(open.ydoc, 0, 2) });
    expect(made.status).toBe(200);
    const { id } = (await made.json()) as { id: string };
    expect((await otto2.post(open.url, { intent: "resolve", id })).status).toBe(200);
    // Still no writing to the document over HTTP.
    expect((await otto2.post(`${open.base}?index`, { intent: "rename", title: "Taken over" })).status).toBe(403);
  });

  it("a member demoted to observer (no comment rights) is refused at their very next comment request", async () => {
    const s = await setup();
    const ben = await s.as(s.users.ben);
    const { id } = (await (await ben.post(s.url, { intent: "create", body: "Before", quote: "We", ...anchorOf(s.ydoc, 0, 2) })).json()) as { id: string };
    await getDb().updateTable("memberships").set({ role: "observer" }).where("coalition_id", "=", s.coalition.id).where("user_id", "=", s.users.ben.id).execute();
    expect((await ben.post(s.url, { intent: "create", body: "After", quote: "We", ...anchorOf(s.ydoc, 0, 2) })).status).toBe(403);
    expect((await ben.post(s.url, { intent: "reply", parent_id: id, body: "After" })).status).toBe(403);
    expect((await ben.post(s.url, { intent: "edit", id, body: "After" })).status).toBe(403);
    expect((await ben.post(s.url, { intent: "resolve", id })).status).toBe(403);
    expect((await list(ben, s.url)).canComment).toBe(false);
    // The coalition then lets observers comment: the same person may again, at once.
    await getDb().updateTable("coalitions").set({ observers_may_comment: 1 }).where("id", "=", s.coalition.id).execute();
    expect((await ben.post(s.url, { intent: "reply", parent_id: id, body: "Now allowed" })).status).toBe(200);
  });

  it("the settings page saves the coalition's choice, audited with the other settings", async () => {
    const s = await setup();
    const cora = await s.as(s.users.cora);
    const page = await (await cora.get(`/coalitions/${s.coalition.slug}/settings`)).text();
    expect(page).toContain('name="observers_may_comment"');
    const c = await getDb().selectFrom("coalitions").selectAll().where("id", "=", s.coalition.id).executeTakeFirstOrThrow();
    const form = { intent: "save", name: c.name, slug: c.slug, description: c.description, founders: "", visibility: c.visibility, join_policy: c.join_policy, default_thread_audience: "public", open_roles: ["member", "observer"], mailing_list: "", website: "", contact_email: "", observers_may_comment: "yes" };
    const saved = await cora.post(`/coalitions/${s.coalition.slug}/settings`, form);
    expect(saved.status).toBeLessThan(400);
    expect((await getDb().selectFrom("coalitions").select("observers_may_comment").where("id", "=", s.coalition.id).executeTakeFirstOrThrow()).observers_may_comment).toBe(1);
    const otto = await s.as(s.users.otto);
    expect((await list(otto, s.url)).canComment).toBe(true);
  });
});

describe("an observer who may comment, over the websocket", () => {
  it("still cannot change a character: their update is refused, never stored nor relayed", async () => {
    const { collabHook } = await import("../../app/models/collab-hook.server");
    const { loadAndRepair } = await import("../../app/models/document-state.server");
    const { textOf } = await import("../helpers/collab");
    const s = await setup({ observersMayComment: true });
    const otto = await s.as(s.users.otto);
    expect((await list(otto, s.url)).canComment).toBe(true);
    await expect.poll(async () => textOf((await loadAndRepair(getDb(), s.doc.id)).doc)).toBe("We support open standards.");

    const o = collabClient(server.url, s.doc.id, await sessionCookieFor(s.users.otto.id));
    sockets.push(o);
    await o.synced();
    expect(textOf(o.doc)).toBe("We support open standards.");
    const refusedBefore = collabHook()!.metrics().refusals["read-only"] ?? 0;
    // Text, and what a comment mark inside the document would look like: both refused.
    typeText(o.doc, " Observer text.");
    const para = o.doc.getXmlFragment("default").get(0) as Y.XmlElement;
    (para.get(0) as Y.XmlText).format(0, 2, { comment: { id: "sneaky" } });
    await expect.poll(() => collabHook()!.metrics().refusals["read-only"] ?? 0).toBeGreaterThan(refusedBefore);

    // The member keeps typing; the store and the member's copy never get the observer's change.
    typeText(s.ydoc, "!");
    await expect.poll(() => textOf(o.doc)).toContain("!");
    expect(textOf(s.ydoc)).toBe("We support open standards.!");
    await expect.poll(async () => textOf((await loadAndRepair(getDb(), s.doc.id)).doc)).toBe("We support open standards.!");
    const stored = (await loadAndRepair(getDb(), s.doc.id)).doc;
    const text = (stored.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText;
    expect(JSON.stringify(text.toDelta())).not.toContain("sneaky");
  });
});
