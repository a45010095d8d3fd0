import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { emitDomainEvent } from "../../app/models/events.server";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { clientAs, insertPosts, postCount, postIn, startThread } from "../helpers/threads";

let server: TestServer;
let coordinator: TestUser, member: TestUser, member2: TestUser, observer: TestUser, outsider: TestUser;
let pub: { id: string; slug: string }, priv: { id: string; slug: string };
const tag = Date.now().toString(36);

beforeAll(async () => {
  server = await startTestServer();
  coordinator = await createUser({ name: "Cora Coordinator", email: `cora.${tag}@example.org`, organization: "ISOC", stakeholder_group: "technical" });
  member = await createUser({ name: "Mina Member", email: `mina.${tag}@example.org`, organization: "EFF", stakeholder_group: "civil" });
  member2 = await createUser({ name: "Milo Member", email: `milo.${tag}@example.org` });
  observer = await createUser({ name: "Olive Observer", email: `olive.${tag}@example.org` });
  outsider = await createUser({ name: "Otto Outsider", email: `otto.${tag}@example.org` });
  pub = await createCoalition({ name: "Public Threads Coalition", visibility: "public" });
  priv = await createCoalition({ name: "Private Threads Coalition", visibility: "private" });
  for (const c of [pub, priv]) {
    await addMember(c.id, coordinator.id, "coordinator");
    await addMember(c.id, member.id, "member");
    await addMember(c.id, member2.id, "member");
    await addMember(c.id, observer.id, "observer");
  }
});
afterAll(async () => {
  await server?.close();
});

const as = (u: TestUser) => clientAs(server.url, u.id);
const anon = () => new TestClient(server.url);
const threadUrl = (slug: string, id: string) => `/coalitions/${slug}/threads/${id}`;
const thread = (id: string) => getDb().selectFrom("threads").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("reading, per role", () => {
  let pubThread: string, privThread: string;
  beforeAll(async () => {
    pubThread = await startThread(await as(member), pub.slug, "Open standards roadmap", "Let us plan the **roadmap**.");
    privThread = await startThread(await as(member), priv.slug, "Private budget talk", "Numbers for the budget.");
  });

  it("lets anonymous visitors read a public coalition's list and thread", async () => {
    const list = await anon().get(`/coalitions/${pub.slug}/threads`);
    expect(list.status).toBe(200);
    expect(await list.text()).toContain("Open standards roadmap");
    const page = await anon().get(threadUrl(pub.slug, pubThread));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<strong>roadmap</strong>");
    expect(html).toContain("Mina Member");
    expect(html).toContain("EFF · Civil society");
  });

  it("answers 404 to anonymous visitors and non-members of a private coalition", async () => {
    for (const client of [anon(), await as(outsider)]) {
      expect((await client.get(`/coalitions/${priv.slug}/threads`)).status).toBe(404);
      expect((await client.get(threadUrl(priv.slug, privThread))).status).toBe(404);
      expect((await client.get(`${threadUrl(priv.slug, privThread)}/export`)).status).toBe(404);
      expect((await client.get(`${threadUrl(priv.slug, privThread)}/events`)).status).toBe(404);
    }
  });

  it("lets observers read but not post (403, nothing written)", async () => {
    const obs = await as(observer);
    expect((await obs.get(threadUrl(priv.slug, privThread))).status).toBe(200);
    const before = await postCount();
    expect((await postIn(obs, priv.slug, privThread, { body: "I should not be able to post" })).status).toBe(403);
    expect((await obs.post(`/coalitions/${priv.slug}/threads`, { intent: "create", title: "No", body: "No" })).status).toBe(403);
    expect(await postCount()).toBe(before);
  });

  it("sends anonymous writers to log in and refuses signed-in non-members", async () => {
    const res = await postIn(anon(), pub.slug, pubThread, { body: "anonymous" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    expect((await postIn(await as(outsider), pub.slug, pubThread, { body: "outsider" })).status).toBe(403);
  });

  it("lets members post and reply; the reply quotes the post it answers", async () => {
    const first = await getDb().selectFrom("posts").select(["id"]).where("thread_id", "=", pubThread).where("number", "=", 1).executeTakeFirstOrThrow();
    const res = await postIn(await as(member2), pub.slug, pubThread, { body: "Agreed, with one caveat.", reply_to: first.id });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${threadUrl(pub.slug, pubThread)}?page=1#post-2`);
    const html = await (await anon().get(threadUrl(pub.slug, pubThread))).text();
    expect(html).toContain("In reply to #1 by Mina Member");
    expect(html).toContain("Let us plan the roadmap.");
    expect((await thread(pubThread)).post_count).toBe(2);
  });

  it("works without JavaScript: reply and edit forms come from the address", async () => {
    const first = await getDb().selectFrom("posts").select(["id"]).where("thread_id", "=", pubThread).where("number", "=", 1).executeTakeFirstOrThrow();
    const foreign = await getDb().selectFrom("posts").select(["id"]).where("thread_id", "=", privThread).executeTakeFirstOrThrow();
    const replying = await (await (await as(member2)).get(`${threadUrl(pub.slug, pubThread)}?page=1&reply=${first.id}`)).text();
    expect(replying).toContain('data-testid="replying-to"');
    expect(replying).toContain(`name="reply_to" value="${first.id}"`);
    const notReplying = await (await (await as(member2)).get(`${threadUrl(pub.slug, pubThread)}?page=1&reply=${foreign.id}`)).text();
    expect(notReplying).not.toContain('data-testid="replying-to"');
    expect(notReplying).not.toContain("Numbers for the budget");
    const editing = await (await (await as(member)).get(`${threadUrl(pub.slug, pubThread)}?page=1&edit=${first.id}`)).text();
    expect(editing).toContain("Edit your post");
    expect(editing).toContain("Let us plan the **roadmap**.</textarea>");
    const notMine = await (await (await as(member2)).get(`${threadUrl(pub.slug, pubThread)}?page=1&edit=${first.id}`)).text();
    expect(notMine).not.toContain("Edit your post");
  });

  it("marks threads with unread posts for signed-in members", async () => {
    const reader = await as(coordinator);
    expect(await (await reader.get(`/coalitions/${pub.slug}/threads`)).text()).toContain('data-testid="unread-marker"');
    await reader.get(threadUrl(pub.slug, pubThread));
    const after = await (await reader.get(`/coalitions/${pub.slug}/threads`)).text();
    const row = after.slice(after.indexOf("Open standards roadmap") - 600, after.indexOf("Open standards roadmap") + 400);
    expect(row).not.toContain('data-testid="unread-marker"');
  });
});

describe("moderation", () => {
  let id: string;
  beforeAll(async () => {
    id = await startThread(await as(member), pub.slug, "Moderated thread", "Original text.");
  });

  it("refuses moderation to members (403) and lets coordinators lock, pin and unlock", async () => {
    const m = await as(member);
    for (const intent of ["lock", "pin", "move"]) {
      expect((await m.post(threadUrl(pub.slug, id), { intent, coalition_id: priv.id })).status).toBe(403);
    }
    expect((await thread(id)).locked).toBe(0);
    const c = await as(coordinator);
    expect((await c.post(threadUrl(pub.slug, id), { intent: "pin" })).status).toBe(302);
    expect((await c.post(threadUrl(pub.slug, id), { intent: "lock" })).status).toBe(302);
    expect(await thread(id)).toMatchObject({ locked: 1, pinned: 1 });
    const list = await (await anon().get(`/coalitions/${pub.slug}/threads`)).text();
    expect(list.indexOf("Moderated thread")).toBeLessThan(list.indexOf("Open standards roadmap"));
  });

  it("refuses new posts in a locked thread with a clear message, keeping the text", async () => {
    const before = await postCount(id);
    const res = await postIn(await as(member), pub.slug, id, { body: "Posting into a locked thread" });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("This thread is locked");
    expect(await postCount(id)).toBe(before);
    expect((await (await as(coordinator)).post(threadUrl(pub.slug, id), { intent: "unlock" })).status).toBe(302);
    expect((await postIn(await as(member), pub.slug, id, { body: "Now it is open again" })).status).toBe(302);
  });

  it("hides a post with a reason: readers see the reason, coordinators still see the text", async () => {
    const post = await getDb().selectFrom("posts").select(["id"]).where("thread_id", "=", id).where("number", "=", 1).executeTakeFirstOrThrow();
    expect((await (await as(member)).post(threadUrl(pub.slug, id), { intent: "hide", post_id: post.id, reason: "Off topic" })).status).toBe(403);
    expect((await (await as(coordinator)).post(threadUrl(pub.slug, id), { intent: "hide", post_id: post.id, reason: "" })).status).toBe(400);
    expect((await (await as(coordinator)).post(threadUrl(pub.slug, id), { intent: "hide", post_id: post.id, reason: "Off topic" })).status).toBe(302);
    const publicHtml = await (await anon().get(`${threadUrl(pub.slug, id)}?page=1`)).text();
    expect(publicHtml).toContain("Hidden by a coordinator: Off topic");
    expect(publicHtml).not.toContain("Original text.");
    const coordHtml = await (await (await as(coordinator)).get(`${threadUrl(pub.slug, id)}?page=1`)).text();
    expect(coordHtml).toContain("Original text.");
    const audit = await getDb().selectFrom("audit_events").select(["action", "reason", "actor_id"]).where("coalition_id", "=", pub.id).where("action", "like", "%.%hid%").execute();
    expect(audit).toEqual([{ action: "post.hidden", reason: "Off topic", actor_id: coordinator.id }]);
  });

  it("moves a thread to another coalition the coordinator coordinates; the old address follows for readers", async () => {
    const moving = await startThread(await as(member), pub.slug, "Thread to move", "Belongs elsewhere.");
    const c = await as(coordinator);
    const res = await c.post(threadUrl(pub.slug, moving), { intent: "move", coalition_id: priv.id });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(threadUrl(priv.slug, moving));
    expect((await thread(moving)).coalition_id).toBe(priv.id);
    const old = await c.get(threadUrl(pub.slug, moving));
    expect(old.status).toBe(302);
    expect(old.headers.get("location")).toBe(threadUrl(priv.slug, moving));
    expect((await anon().get(threadUrl(pub.slug, moving))).status).toBe(404);
    const elsewhere = await createCoalition({ visibility: "public" });
    expect((await c.post(threadUrl(priv.slug, moving), { intent: "move", coalition_id: elsewhere.id })).status).toBe(403);
    expect((await thread(moving)).coalition_id).toBe(priv.id);
  });
});

describe("archived coalitions", () => {
  it("stay readable but refuse posts, deletions and moderation", async () => {
    const archived = await createCoalition({ visibility: "public" });
    await addMember(archived.id, member.id, "member");
    await addMember(archived.id, coordinator.id, "coordinator");
    const id = await startThread(await as(member), archived.slug, "Before archiving", "Kept for the record.");
    const post = await getDb().selectFrom("posts").select("id").where("thread_id", "=", id).executeTakeFirstOrThrow();
    await getDb().updateTable("coalitions").set({ archived_at: new Date().toISOString() }).where("id", "=", archived.id).execute();
    expect((await anon().get(threadUrl(archived.slug, id))).status).toBe(200);
    const m = await as(member);
    expect((await postIn(m, archived.slug, id, { body: "too late" })).status).toBe(403);
    expect((await m.post(threadUrl(archived.slug, id), { intent: "delete", post_id: post.id })).status).toBe(403);
    expect((await (await as(coordinator)).post(threadUrl(archived.slug, id), { intent: "lock" })).status).toBe(403);
    expect(await getDb().selectFrom("posts").select(["deleted_at"]).where("id", "=", post.id).executeTakeFirstOrThrow()).toEqual({ deleted_at: null });
    expect(await postCount(id)).toBe(1);
  });
});

describe("bad input", () => {
  let id: string;
  beforeAll(async () => {
    id = await startThread(await as(member), pub.slug, "Input checks", "First.");
  });

  it("refuses an empty post and one over 50,000 characters with 400, keeping the text", async () => {
    const m = await as(member);
    const before = await postCount();
    const empty = await postIn(m, pub.slug, id, { body: "   \n  " });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Write something before posting.");
    const long = `KEEP-${tag}-` + "x".repeat(50_001);
    const tooLong = await postIn(m, pub.slug, id, { body: long });
    expect(tooLong.status).toBe(400);
    const html = await tooLong.text();
    expect(html).toContain("Posts are limited to 50,000 characters.");
    expect(html).toContain(`KEEP-${tag}-xxxx`);
    expect(await postCount()).toBe(before);
  });

  it("refuses a title over 200 characters with 400, keeping title and text", async () => {
    const before = await getDb().selectFrom("threads").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const title = `T-${tag}-` + "t".repeat(200);
    const res = await (await as(member)).post(`/coalitions/${pub.slug}/threads`, { intent: "create", title, body: `Body kept ${tag}` });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Titles are limited to 200 characters.");
    expect(html).toContain(title);
    expect(html).toContain(`Body kept ${tag}`);
    const after = await getDb().selectFrom("threads").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("previews without writing anything", async () => {
    const before = await postCount();
    const res = await (await as(member)).post(threadUrl(pub.slug, id), { intent: "preview", body: "*preview me*" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<em>preview me</em>");
    expect(await postCount()).toBe(before);
  });
});

describe("foreign ids", () => {
  it("refuses a reply to a post of another thread, and edits/deletes/hides of posts of other threads", async () => {
    const a = await startThread(await as(member), pub.slug, "Thread A", "A1");
    const b = await startThread(await as(member), priv.slug, "Thread B", "B1");
    const postB = await getDb().selectFrom("posts").select(["id"]).where("thread_id", "=", b).executeTakeFirstOrThrow();
    const m = await as(member);
    const before = await postCount();
    expect((await postIn(m, pub.slug, a, { body: "reply to foreign", reply_to: postB.id })).status).toBe(400);
    expect((await m.post(threadUrl(pub.slug, a), { intent: "edit", post_id: postB.id, body: "changed" })).status).toBe(404);
    expect((await m.post(threadUrl(pub.slug, a), { intent: "delete", post_id: postB.id })).status).toBe(404);
    expect((await (await as(coordinator)).post(threadUrl(pub.slug, a), { intent: "hide", post_id: postB.id, reason: "x" })).status).toBe(404);
    expect(await postCount()).toBe(before);
    const untouched = await getDb().selectFrom("posts").selectAll().where("id", "=", postB.id).executeTakeFirstOrThrow();
    expect(untouched).toMatchObject({ body: "B1", deleted_at: null, hidden_at: null });
  });

  it("does not show a private coalition's thread under a public coalition's address", async () => {
    const b = await startThread(await as(member), priv.slug, "Private elsewhere", "secret words");
    const res = await anon().get(threadUrl(pub.slug, b));
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("secret words");
    // Even a member of both coalitions cannot write to it through the other coalition's address.
    const before = await postCount(b);
    expect((await postIn(await as(member), pub.slug, b, { body: "x" })).status).toBe(404);
    expect(await postCount(b)).toBe(before);
  });
});

describe("editing, deleting, revisions", () => {
  it("keeps revisions for coordinators, marks the post edited, and deletes in place", async () => {
    const id = await startThread(await as(member), pub.slug, "Edits", "First version");
    const post = await getDb().selectFrom("posts").select(["id"]).where("thread_id", "=", id).executeTakeFirstOrThrow();
    expect((await (await as(member2)).post(threadUrl(pub.slug, id), { intent: "edit", post_id: post.id, body: "hijack" })).status).toBe(403);
    expect((await (await as(member)).post(threadUrl(pub.slug, id), { intent: "edit", post_id: post.id, body: "Second version" })).status).toBe(302);
    expect((await postIn(await as(member2), pub.slug, id, { body: "A reply to the edited post", reply_to: post.id })).status).toBe(302);
    const memberHtml = await (await (await as(member2)).get(`${threadUrl(pub.slug, id)}?page=1`)).text();
    expect(memberHtml).toContain("Second version");
    expect(memberHtml).toContain('data-testid="edited"');
    expect(memberHtml).not.toContain("First version");
    const coordHtml = await (await (await as(coordinator)).get(`${threadUrl(pub.slug, id)}?page=1`)).text();
    expect(coordHtml).toContain("Earlier versions (");
    expect(coordHtml).toContain("First version");

    expect((await (await as(member2)).post(threadUrl(pub.slug, id), { intent: "delete", post_id: post.id })).status).toBe(403);
    expect((await (await as(member)).post(threadUrl(pub.slug, id), { intent: "delete", post_id: post.id })).status).toBe(302);
    const after = await (await anon().get(`${threadUrl(pub.slug, id)}?page=1`)).text();
    expect(after).toContain("Deleted by its author.");
    expect(after).not.toContain("Second version");
    expect(after).toContain("(deleted by its author)");
    expect(after).toContain("A reply to the edited post");
    const md = await (await anon().get(`${threadUrl(pub.slug, id)}/export`)).text();
    expect(md).toContain("# Edits");
    expect(md).toContain("*Deleted by its author.*");
    expect(md).toContain("A reply to the edited post");
  });
});

describe("mentions and notifications", () => {
  it("links a mentioned member, notifies them, notifies the author replied to, and marks read", async () => {
    const id = await startThread(await as(coordinator), pub.slug, "Mentions", "Coordinator opens.");
    const first = await getDb().selectFrom("posts").select(["id"]).where("thread_id", "=", id).executeTakeFirstOrThrow();
    const res = await postIn(await as(member), pub.slug, id, { body: `Hello @olive.${tag} and @nobody.${tag}`, reply_to: first.id });
    expect(res.status).toBe(302);
    const html = await (await anon().get(threadUrl(pub.slug, id))).text();
    expect(html).toMatch(new RegExp(`<a href="/coalitions/${pub.slug}/members#member-${observer.id}" class="mention"[^>]*>@${observer.handle}</a>`)); // an email-part mention shows the handle
    expect(html).toContain(`@nobody.${tag}`);
    const mentions = await getDb().selectFrom("notifications").selectAll().where("user_id", "=", observer.id).execute();
    expect(mentions.map((n) => n.kind)).toEqual(["mention"]);
    expect(mentions[0].text).toBe("Mina Member mentioned you in “Mentions”");
    const replies = await getDb().selectFrom("notifications").selectAll().where("user_id", "=", coordinator.id).where("kind", "=", "reply").execute();
    expect(replies).toHaveLength(1);
    // Nobody is notified about their own post.
    expect(await getDb().selectFrom("notifications").selectAll().where("user_id", "=", member.id).where("link", "like", `%${id}%`).execute()).toEqual([]);

    const obs = await as(observer);
    const page = await (await obs.get("/notifications")).text();
    expect(page).toContain("mentioned you in");
    expect(page).toContain('data-testid="unread-count"');
    const open = await obs.post("/notifications", { intent: "open", id: String(mentions[0].id) });
    expect(open.status).toBe(302);
    expect(open.headers.get("location")).toBe(`${threadUrl(pub.slug, id)}?page=1#post-2`);
    expect((await getDb().selectFrom("notifications").select("read_at").where("id", "=", mentions[0].id).executeTakeFirstOrThrow()).read_at).not.toBeNull();
    expect((await (await as(outsider)).post("/notifications", { intent: "open", id: String(mentions[0].id) })).status).toBe(404);
  });
});

describe("paging and live updates", () => {
  it("pages a long thread 50 at a time and opens at the first unread post", async () => {
    const id = await startThread(await as(member), pub.slug, "Long thread", "Post one");
    await insertPosts(id, member.id, 129); // 130 posts: 3 pages
    const c = await as(coordinator);
    const page2 = await (await c.get(`${threadUrl(pub.slug, id)}?page=2`)).text();
    expect(page2).toContain('id="post-51"');
    expect(page2).toContain('id="post-100"');
    expect(page2).not.toContain('id="post-101"');
    expect(page2).toContain("Page 2 of 3");
    // The coordinator has read up to 100; a new post makes 131 the first unread one.
    await postIn(await as(member2), pub.slug, id, { body: "Post 131" });
    const opened = await (await c.get(threadUrl(pub.slug, id))).text();
    expect(opened).toContain("Page 3 of 3");
    expect(opened).toContain('data-testid="first-unread"');
  });

  it("streams new posts as server-sent events to readers", async () => {
    const id = await startThread(await as(member), priv.slug, "Live", "Start");
    const obs = await as(observer);
    const controller = new AbortController();
    const res = await fetch(new URL(`${threadUrl(priv.slug, id)}/events`, server.url), { headers: { Cookie: obs.cookieHeader() }, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes("connected")) text += decoder.decode((await reader.read()).value);
    expect((await postIn(await as(member), priv.slug, id, { body: "Live post" })).status).toBe(302);
    const newest = await getDb().selectFrom("posts").select("id").where("thread_id", "=", id).where("number", "=", 2).executeTakeFirstOrThrow();
    while (!text.includes("event: post")) text += decoder.decode((await reader.read()).value);
    expect(text).toContain(`"postId":"${newest.id}"`);
    controller.abort();
  });

  it("ends the stream when the reader's membership changes (the reconnect re-checks access)", async () => {
    const id = await startThread(await as(member), priv.slug, "Live membership", "Start");
    const obs = await as(observer);
    const res = await fetch(new URL(`${threadUrl(priv.slug, id)}/events`, server.url), { headers: { Cookie: obs.cookieHeader() } });
    const reader = res.body!.getReader();
    let text = "";
    while (!text.includes("connected")) text += new TextDecoder().decode((await reader.read()).value);
    emitDomainEvent({ type: "membership.changed", coalitionId: priv.id, userId: member.id, role: "member" });
    emitDomainEvent({ type: "membership.changed", coalitionId: priv.id, userId: observer.id, role: null });
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
  });
});
