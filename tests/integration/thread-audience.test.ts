import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { clientAs, postIn, startThread } from "../helpers/threads";

// Issue 19: a members-only thread of a PUBLIC coalition never reaches a visitor or a signed-in
// non-member (page, list, export, live events, search, activity, notifications); its members,
// observers, coordinators and site administrators read it; a coordinator's change applies at once.

let server: TestServer;
let coordinator: TestUser, member: TestUser, observer: TestUser, outsider: TestUser, admin: TestUser, leaver: TestUser;
let pub: { id: string; slug: string };
const tag = Date.now().toString(36);
// Words found nowhere else, so search and page checks cannot pass by accident.
const SECRET_TITLE = `Zebrafinch budget ${tag}`;
const SECRET_WORD = `kumquatplan${tag}`;
const PUBLIC_TITLE = `Open agenda ${tag}`;
let secret: string, open: string;

beforeAll(async () => {
  server = await startTestServer();
  coordinator = await createUser({ name: "Aud Coordinator", email: `aud-cora.${tag}@example.org` });
  member = await createUser({ name: "Aud Member", email: `aud-mina.${tag}@example.org` });
  observer = await createUser({ name: "Aud Observer", email: `aud-olive.${tag}@example.org` });
  outsider = await createUser({ name: "Aud Outsider", email: `aud-otto.${tag}@example.org` });
  admin = await createUser({ name: "Aud Admin", email: `aud-admin.${tag}@example.org`, isSiteAdmin: true });
  leaver = await createUser({ name: "Aud Leaver", email: `aud-leaver.${tag}@example.org` });
  pub = await createCoalition({ name: `Audience Coalition ${tag}`, visibility: "public" });
  await addMember(pub.id, coordinator.id, "coordinator");
  await addMember(pub.id, member.id, "member");
  await addMember(pub.id, observer.id, "observer");
  await addMember(pub.id, leaver.id, "member");
  secret = await startThread(await as(member), pub.slug, SECRET_TITLE, `The ${SECRET_WORD} for next year.`, { audience: "members" });
  open = await startThread(await as(member), pub.slug, PUBLIC_TITLE, "Everyone may read this.", { audience: "public" });
});
afterAll(async () => {
  await server?.close();
});

const as = (u: TestUser) => clientAs(server.url, u.id);
const anon = () => new TestClient(server.url);
const threadUrl = (id: string) => `/coalitions/${pub.slug}/threads/${id}`;
const audienceOf = async (id: string) => (await getDb().selectFrom("threads").select("audience").where("id", "=", id).executeTakeFirstOrThrow()).audience;
const outsiders = async () => [["a visitor", anon()], ["a signed-in non-member", await as(outsider)]] as const;
const readers = async () => [["a member", await as(member)], ["an observer", await as(observer)], ["a coordinator", await as(coordinator)], ["a site administrator", await as(admin)]] as const;

async function text(client: TestClient, path: string): Promise<{ status: number; html: string }> {
  const res = await client.get(path);
  return { status: res.status, html: await res.text() };
}

/** Opens the live events stream; resolves once it is connected. */
async function openStream(client: TestClient, id: string) {
  const res = await fetch(new URL(`${threadUrl(id)}/events`, server.url), { headers: client.cookieHeader() ? { Cookie: client.cookieHeader() } : {} });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  let got = "";
  while (!got.includes("connected")) got += new TextDecoder().decode((await reader.read()).value);
  return reader;
}

describe("a members-only thread of a public coalition", () => {
  it("is stored with the audience chosen when it was started", async () => {
    expect(await audienceOf(secret)).toBe("members");
    expect(await audienceOf(open)).toBe("public");
  });

  it("is not found by visitors and non-members: page, export and live events answer 404", async () => {
    for (const [who, client] of await outsiders()) {
      expect((await client.get(threadUrl(secret))).status, who).toBe(404);
      expect((await client.get(`${threadUrl(secret)}/export`)).status, who).toBe(404);
      expect((await client.get(`${threadUrl(secret)}/events`)).status, who).toBe(404);
      // Nor can they post in it (a visitor is sent to log in, a non-member refused; nothing is written).
      const posted = await postIn(client, pub.slug, secret, { body: "let me in" });
      expect([302, 403, 404], who).toContain(posted.status);
      expect(posted.headers.get("location") ?? "", who).not.toContain(`/threads/${secret}?`);
      // The public thread next to it stays readable.
      expect((await client.get(threadUrl(open))).status, who).toBe(200);
    }
  });

  it("is left out of the thread list and its count for them", async () => {
    for (const [who, client] of await outsiders()) {
      const list = await text(client, `/coalitions/${pub.slug}/threads`);
      expect(list.status, who).toBe(200);
      expect(list.html, who).toContain(PUBLIC_TITLE);
      expect(list.html, who).not.toContain(SECRET_TITLE);
      expect(list.html, who).not.toContain(secret);
    }
  });

  it("is not found by their searches, by title or by a word of its posts", async () => {
    for (const [who, client] of await outsiders()) {
      for (const q of [`Zebrafinch ${tag}`, SECRET_WORD]) {
        const found = await text(client, `/search?${new URLSearchParams({ q })}`);
        expect(found.status, who).toBe(200);
        expect(found.html, `${who} searching ${q}`).not.toContain(secret);
        expect(found.html, `${who} searching ${q}`).not.toContain('data-testid="search-result"');
      }
    }
  });

  it("is left out of the coalition's activity for them", async () => {
    for (const [who, client] of await outsiders()) {
      const overview = await text(client, `/coalitions/${pub.slug}`);
      expect(overview.html, who).toContain(PUBLIC_TITLE);
      expect(overview.html, who).not.toContain(SECRET_TITLE);
    }
  });

  it("is read by members, observers, coordinators and site administrators, with a Members only badge", async () => {
    for (const [who, client] of await readers()) {
      const page = await text(client, threadUrl(secret));
      expect(page.status, who).toBe(200);
      expect(page.html, who).toContain(SECRET_TITLE);
      expect(page.html, who).toContain('data-testid="members-only-badge"');
      expect(page.html, who).toContain(">Members only<");
      const list = await text(client, `/coalitions/${pub.slug}/threads`);
      expect(list.html, who).toContain(SECRET_TITLE);
      expect((await client.get(`${threadUrl(secret)}/export`)).status, who).toBe(200);
      const found = await text(client, `/search?${new URLSearchParams({ q: SECRET_WORD })}`);
      expect(found.html, who).toContain(secret);
      const overview = await text(client, `/coalitions/${pub.slug}`);
      expect(overview.html, who).toContain(SECRET_TITLE);
    }
    expect(await getDb().selectFrom("posts").select("id").where("thread_id", "=", secret).where("body", "=", "let me in").execute()).toEqual([]);
    // The public thread carries no badge.
    expect((await text(await as(member), threadUrl(open))).html).not.toContain('data-testid="members-only-badge"');
  });

  it("streams live events to a member", async () => {
    const reader = await openStream(await as(observer), secret);
    await reader.cancel();
  });

  it("notifies nobody outside its audience: a former member is neither mentioned nor told of a reply", async () => {
    const thread = await startThread(await as(leaver), pub.slug, `Leaver's members thread ${tag}`, "My first post.", { audience: "members" });
    const control = await startThread(await as(leaver), pub.slug, `Leaver's public thread ${tag}`, "My public post.", { audience: "public" });
    await getDb().deleteFrom("memberships").where("coalition_id", "=", pub.id).where("user_id", "=", leaver.id).execute();
    const firstOf = async (id: string) => (await getDb().selectFrom("posts").select("id").where("thread_id", "=", id).where("number", "=", 1).executeTakeFirstOrThrow()).id;
    const m = await as(member);
    expect((await postIn(m, pub.slug, thread, { body: `Thanks @aud-leaver.${tag}`, reply_to: await firstOf(thread) })).status).toBe(302);
    expect((await postIn(m, pub.slug, control, { body: "A reply in public", reply_to: await firstOf(control) })).status).toBe(302);
    const got = await getDb().selectFrom("notifications").select(["kind", "link"]).where("user_id", "=", leaver.id).execute();
    expect(got.filter((n) => n.link.includes(thread))).toEqual([]);
    // The same reply in a public thread still reaches them: the filter is the audience, not the reply.
    expect(got.filter((n) => n.link.includes(control)).map((n) => n.kind)).toEqual(["reply"]);
    // Members are notified as before.
    const obsThread = await startThread(await as(coordinator), pub.slug, `Observer mention ${tag}`, "Opening.", { audience: "members" });
    expect((await postIn(m, pub.slug, obsThread, { body: `Hello @aud-olive.${tag}` })).status).toBe(302);
    const obsNotes = await getDb().selectFrom("notifications").select("kind").where("user_id", "=", observer.id).where("link", "like", `%${obsThread}%`).execute();
    expect(obsNotes.map((n) => n.kind)).toEqual(["mention"]);
  });
});

describe("a coordinator changes the audience", () => {
  it("applies at once, is audited, and is refused to members and to bad values", async () => {
    const id = await startThread(await as(member), pub.slug, `Switching ${tag}`, "Switch me.", { audience: "members" });
    const c = await as(coordinator);
    expect((await anon().get(threadUrl(id))).status).toBe(404);

    expect((await (await as(member)).post(threadUrl(id), { intent: "audience", audience: "public" })).status).toBe(403);
    const bad = await c.post(threadUrl(id), { intent: "audience", audience: "everyone" });
    expect(bad.status).toBe(400);
    expect(await audienceOf(id)).toBe("members");

    const res = await c.post(threadUrl(id), { intent: "audience", audience: "public" });
    expect(res.status).toBe(302);
    expect(await audienceOf(id)).toBe("public");
    expect((await anon().get(threadUrl(id))).status).toBe(200);
    expect(await (await anon().get(`/coalitions/${pub.slug}/threads`)).text()).toContain(`Switching ${tag}`);

    // An open stream of a visitor ends when the thread becomes members-only; reconnecting is refused.
    const reader = await openStream(anon(), id);
    expect((await c.post(threadUrl(id), { intent: "audience", audience: "members" })).status).toBe(302);
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
    expect((await anon().get(`${threadUrl(id)}/events`)).status).toBe(404);
    expect((await anon().get(threadUrl(id))).status).toBe(404);
    expect(await (await anon().get(`/coalitions/${pub.slug}/threads`)).text()).not.toContain(`Switching ${tag}`);

    const audit = await getDb()
      .selectFrom("audit_events")
      .select(["action", "actor_id", "detail"])
      .where("coalition_id", "=", pub.id)
      .where("action", "=", "thread.audience_changed")
      .orderBy("created_at")
      .execute();
    const mine = audit.filter((a) => String(a.detail).includes(id));
    expect(mine).toHaveLength(2);
    expect(mine.every((a) => a.actor_id === coordinator.id)).toBe(true);
    const log = await (await c.get(`/coalitions/${pub.slug}/members`)).text();
    expect(log).toContain(`made the thread “Switching ${tag}” members only`);
  });
});

describe("the coalition's default audience", () => {
  const settings = (extra: Record<string, string>) => ({
    intent: "save",
    name: `Audience Coalition ${tag}`,
    slug: pub.slug,
    description: "A coalition for audience tests.",
    founders: "",
    visibility: "public",
    join_policy: "approval",
    ...extra,
  });

  it("is validated on the server, keeps the typed values on a 400, and decides what a new thread starts as", async () => {
    const c = await as(coordinator);
    const bad = await c.post(`/coalitions/${pub.slug}/settings`, settings({ default_thread_audience: "everyone", description: "Kept text 42" }));
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Choose who new threads are for");
    expect(badHtml).toContain("Kept text 42");
    expect((await getDb().selectFrom("coalitions").select("default_thread_audience").where("id", "=", pub.id).executeTakeFirstOrThrow()).default_thread_audience).toBe("public");

    expect((await c.post(`/coalitions/${pub.slug}/settings`, settings({ default_thread_audience: "members" }))).status).toBe(302);
    expect((await getDb().selectFrom("coalitions").select("default_thread_audience").where("id", "=", pub.id).executeTakeFirstOrThrow()).default_thread_audience).toBe("members");

    // The form offers both, the coalition's default checked.
    const form = await (await as(member)).get(`/coalitions/${pub.slug}/threads`);
    const html = await form.text();
    expect(html).toContain("Public: anyone who can see the coalition");
    expect(html).toContain("Members only: members, coordinators and observers");
    const radios = html.match(/<input type="radio" name="audience"[^>]*>/g) ?? [];
    expect(radios.filter((r) => r.includes('checked=""')).map((r) => /value="(\w+)"/.exec(r)?.[1])).toEqual(["members"]);
    // A thread started without choosing gets the default.
    const id = await startThread(await as(member), pub.slug, `Defaulted ${tag}`, "No choice made.");
    expect(await audienceOf(id)).toBe("members");
    expect((await anon().get(threadUrl(id))).status).toBe(404);
    // A bad choice is refused with the typed values kept.
    const refused = await (await as(member)).post(`/coalitions/${pub.slug}/threads`, { intent: "create", title: `Kept title ${tag}`, body: "Kept body", audience: "everyone" });
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain(`Kept title ${tag}`);
    expect(refusedHtml).toContain("Choose who can read the thread");

    expect((await c.post(`/coalitions/${pub.slug}/settings`, settings({ default_thread_audience: "public" }))).status).toBe(302);
  });
});
