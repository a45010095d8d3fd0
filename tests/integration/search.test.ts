import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { clientAs, type TestClient } from "../helpers/http";
import { createDocument, createPost, createThread, publishVersion } from "../helpers/search-fixtures";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
const users: Record<"nonMember" | "observer" | "member" | "coordinator" | "admin", TestUser> = {} as never;
let pub: { id: string; slug: string };
let priv: { id: string; slug: string };
let pubThread: { id: string };

interface Page {
  status: number;
  html: string;
  /** What a reader sees: no scripts, no tags, entities decoded. */
  text: string;
  kinds: string[];
  count: string;
}

async function search(client: TestClient, params: Record<string, string>): Promise<Page> {
  const res = await client.get(`/search?${new URLSearchParams(params)}`);
  const html = await res.text();
  const kinds = [...html.matchAll(/data-testid="search-result" data-kind="(\w+)"/g)].map((m) => m[1]);
  const count = (/data-testid="search-count">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? "").replace(/<[^>]+>/g, "").replace(/<!-- -->/g, "");
  const text = html
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&");
  return { status: res.status, html, text, kinds, count };
}

const SECRETS = ["draftmark", "hiddenmark", "deletedmark", "privdocmark", "privoutmark", "privpostmark", "privcoalmark", "archivedmark"];

beforeAll(async () => {
  server = await startTestServer();
  for (const k of ["nonMember", "observer", "member", "coordinator"] as const) users[k] = await createUser({ name: `Search ${k}` });
  users.admin = await createUser({ name: "Search admin", isSiteAdmin: true });
  pub = await createCoalition({ name: "Zephyr Public Coalition", visibility: "public", description: "A public coalition about zephyr winds." });
  priv = await createCoalition({ name: "Quiet Coalition", visibility: "private", description: "Private work on zephyr privcoalmark." });
  for (const c of [pub, priv]) {
    await addMember(c.id, users.observer.id, "observer");
    await addMember(c.id, users.member.id, "member");
    await addMember(c.id, users.coordinator.id, "coordinator");
  }
  const author = users.member.id;
  const draft = await createDocument({ coalitionId: pub.id, userId: author, title: "Working draft", text: "The zephyr draftmark text nobody outside may read." });
  const published = await createDocument({ coalitionId: pub.id, userId: author, title: "Charter", text: "Charter text zephyr draftmark too." });
  await publishVersion({ documentId: published.id, coalitionId: pub.id, userId: users.coordinator.id, text: "The published zephyr outputmark charter." });
  await createDocument({ coalitionId: pub.id, userId: author, title: "Old notes", text: "zephyr archivedmark notes", archived: true });
  pubThread = await createThread({ coalitionId: pub.id, userId: author, title: "Zephyrthread planning" });
  await createPost({ threadId: pubThread.id, userId: author, body: "A visible zephyr postmark about the agenda." });
  await createPost({ threadId: pubThread.id, userId: author, body: "Spam zephyr hiddenmark post.", hidden: true });
  await createPost({ threadId: pubThread.id, userId: author, body: "Regretted zephyr deletedmark post.", deleted: true });
  const privDoc = await createDocument({ coalitionId: priv.id, userId: author, title: "Private plan", text: "zephyr privdocmark contents" });
  await publishVersion({ documentId: privDoc.id, coalitionId: priv.id, userId: users.coordinator.id, text: "zephyr privoutmark statement" });
  const privThread = await createThread({ coalitionId: priv.id, userId: author, title: "Internal" });
  await createPost({ threadId: privThread.id, userId: author, body: "zephyr privpostmark inside." });
});
afterAll(async () => {
  await server?.close();
});

describe("search permissions", () => {
  it.each([
    ["anonymous", null],
    ["signed-in non-member", "nonMember"],
  ] as const)("%s finds only public outputs, threads, posts and coalitions", async (_label, who) => {
    const client = await clientAs(server.url, who ? users[who] : null);
    const page = await search(client, { q: "zephyr" });
    expect(page.status).toBe(200);
    expect(page.kinds.sort()).toEqual(["coalition", "output", "post", "thread"]);
    expect(page.count).toMatch(/^4 results for/);
    for (const secret of SECRETS) expect(page.html).not.toContain(secret);
    // Filtering by the private coalition reveals nothing, not even a count.
    const scoped = await search(client, { q: "zephyr", coalition: priv.slug });
    expect(scoped.kinds).toEqual([]);
    expect(scoped.count).toMatch(/^No results/);
    // Searching a secret word directly finds nothing.
    for (const q of ["draftmark", "privpostmark", "hiddenmark", "privcoalmark", "Quiet Coalition"]) {
      const direct = await search(client, { q });
      expect(direct.count, q).toMatch(/^No results/);
    }
  });

  it.each(["observer", "member", "coordinator"] as const)("a %s also finds drafts and the private coalition's work, never hidden, deleted or archived items", async (who) => {
    const client = await clientAs(server.url, users[who]);
    const page = await search(client, { q: "zephyr" });
    expect(page.status).toBe(200);
    // public: coalition, draft doc, charter doc, output, thread, post; private: coalition, doc, output, post.
    expect(page.count).toMatch(/^10 results for/);
    for (const secret of ["draftmark", "privdocmark", "privoutmark", "privpostmark", "privcoalmark"]) expect(page.text).toContain(secret);
    for (const secret of ["hiddenmark", "deletedmark", "archivedmark"]) expect(page.html).not.toContain(secret);
  });

  it("a site administrator who is not a member reads no drafts (the permission table says so)", async () => {
    const client = await clientAs(server.url, users.admin);
    const page = await search(client, { q: "zephyr" });
    expect(page.html).not.toContain("draftmark");
    expect(page.html).not.toContain("privdocmark");
    expect(page.text).toContain("privoutmark"); // outputs and threads of every coalition, by the table
  });

  it("filters by kind, coalition and date", async () => {
    const client = await clientAs(server.url, users.member);
    expect((await search(client, { q: "zephyr", kind: "documents" })).kinds).toEqual(["document", "document", "document"]);
    expect((await search(client, { q: "zephyr", kind: "threads" })).kinds.sort()).toEqual(["post", "post", "thread"]);
    const inPub = await search(client, { q: "zephyr", coalition: pub.slug });
    expect(inPub.kinds).toHaveLength(6);
    expect(inPub.html).not.toContain("privdocmark");
    expect((await search(client, { q: "zephyr", to: "2000-01-01" })).count).toMatch(/^No results/);
    const today = new Date().toISOString().slice(0, 10);
    expect((await search(client, { q: "zephyr", from: today, to: today })).kinds).toHaveLength(10);
  });

  it("rejects bad filters with a message per field, keeping what was typed", async () => {
    const client = await clientAs(server.url, null);
    const page = await search(client, { q: "zephyr", from: "yesterday", kind: "bogus" });
    expect(page.status).toBe(400);
    expect(page.html).toContain("Enter the start date as YYYY-MM-DD.");
    expect(page.html).toContain("Choose a kind from the list.");
    expect(page.html).toContain('value="zephyr"');
    const reversed = await search(client, { q: "zephyr", from: "2025-02-01", to: "2025-01-01" });
    expect(reversed.status).toBe(400);
    expect(reversed.html).toContain("The end date must not be before the start date.");
  });
});

describe("snippets and links", () => {
  it("highlights matches, escapes everything else and links to the post", async () => {
    const thread = await createThread({ coalitionId: pub.id, userId: users.member.id, title: "Markup test" });
    const post = await createPost({ threadId: thread.id, userId: users.member.id, body: 'Beware <script>alert("xss")</script> quixotic <b>bold</b> claims.' });
    const page = await search(await clientAs(server.url, null), { q: "quixotic" });
    expect(page.kinds).toEqual(["post"]);
    expect(page.html).toMatch(/<mark[^>]*>quixotic<\/mark>/);
    expect(page.html).not.toContain("<script>alert");
    expect(page.html).not.toContain("<b>bold</b>");
    expect(page.html).toContain("&lt;b&gt;bold&lt;/b&gt;");
    const pageOf = Math.ceil(post.number / 50);
    expect(page.html).toContain(`/coalitions/${pub.slug}/threads/${thread.id}${pageOf > 1 ? `?page=${pageOf}` : ""}#post-${post.number}`);
  });
});

describe("query language", () => {
  beforeAll(async () => {
    const t = await createThread({ coalitionId: pub.id, userId: users.member.id, title: "Language samples" });
    for (const body of [
      "We support open standards for interoperability.",
      "Standards that are open help everyone.",
      "La coopération numérique et l'éducation pour tous.",
      "Los niños tienen derechos en línea.",
      "Открытые стандарты важны для всех.",
      "المعايير المفتوحة مهمة للجميع",
      "我们支持开放标准和互操作性。",
    ]) {
      await createPost({ threadId: t.id, userId: users.member.id, body });
    }
  });

  it("finds a quoted phrase only where the words are adjacent", async () => {
    const page = await search(await clientAs(server.url, null), { q: '"open standards"' });
    expect(page.text).toContain("We support open standards");
    expect(page.html).not.toContain("that are open");
    const both = await search(await clientAs(server.url, null), { q: "open standards" });
    expect(both.text).toContain("Standards that are open");
  });

  it("finds words by prefix", async () => {
    const page = await search(await clientAs(server.url, null), { q: "interop*" });
    expect(page.html).toMatch(/<mark[^>]*>interop<\/mark><span>erability/);
  });

  it.each([
    ["French", "coopération", "La coopération"],
    ["French without accents", "education", "éducation"],
    ["Spanish", "NIÑOS", "Los niños"],
    ["Russian", "стандарты", "Открытые стандарты"],
    ["Russian, other case", "ОТКРЫТЫЕ", "Открытые стандарты"],
    ["Arabic", "المفتوحة", "المعايير المفتوحة"],
    ["Chinese, four characters", "开放标准", "我们支持"],
    ["Chinese, two characters", "标准", "我们支持"],
  ])("finds %s words", async (_label, q, expected) => {
    const page = await search(await clientAs(server.url, null), { q });
    expect(page.status).toBe(200);
    expect(page.kinds).toContain("post");
    expect(page.text).toContain(expected);
  });

  it.each([
    ['"', "no-terms"],
    ["*", "no-terms"],
    ["(((", "no-terms"],
    ["!!! ??? ...", "no-terms"],
    ["", "empty"],
    ["   ", "empty"],
  ])("answers %j with a friendly message", async (q, state) => {
    const page = await search(await clientAs(server.url, null), { q });
    expect(page.status).toBe(200);
    expect(page.html).toContain(`data-testid="search-${state}"`);
  });

  it.each([
    'NEAR(open standards)',
    "AND(",
    "open AND OR NOT",
    '"open standards',
    'open" standards"" "',
    "stand* * ** ^x",
    "col:title - + {a b}",
    "\u0000\u0001\u0007 open \u001b[31m \u202e \ud800",
    "x".repeat(10_000),
    "open ".repeat(2_000),
    "%_\\ 100%",
    "'; DROP TABLE posts; --",
  ])("never fails on hostile input %#", async (q) => {
    const page = await search(await clientAs(server.url, users.member), { q });
    expect(page.status).toBe(200);
    expect(page.html).toContain("Search");
  });

  it("matches LIKE wildcards literally", async () => {
    const t = await createThread({ coalitionId: pub.id, userId: users.member.id, title: "Percentages" });
    await createPost({ threadId: t.id, userId: users.member.id, body: "Deal: 50%off today." });
    await createPost({ threadId: t.id, userId: users.member.id, body: "Deal: 50xoff today." });
    await createPost({ threadId: t.id, userId: users.member.id, body: "Deal: 5_x today." });
    const page = await search(await clientAs(server.url, null), { q: "50%off" });
    expect(page.kinds).toEqual(["post"]);
    expect(page.html).toContain("50%off</mark>");
    expect((await search(await clientAs(server.url, null), { q: "5_x" })).kinds).toEqual(["post"]);
    expect((await search(await clientAs(server.url, null), { q: "_" })).html).toContain('data-testid="search-no-terms"');
  });

  it("says when a long query was shortened", async () => {
    const page = await search(await clientAs(server.url, null), { q: "a b c d e f g h i j k" });
    expect(page.html).toContain("only its first words were used");
  });
});

describe("paging", () => {
  it("fills every page with readable results and counts only those", async () => {
    const t = await createThread({ coalitionId: pub.id, userId: users.member.id, title: "Paging" });
    const hiddenThread = await createThread({ coalitionId: priv.id, userId: users.member.id, title: "Private paging" });
    for (let i = 0; i < 25; i++) {
      await createPost({ threadId: t.id, userId: users.member.id, body: `pagination sample ${i}` });
      await createPost({ threadId: hiddenThread.id, userId: users.member.id, body: `pagination secret ${i}` });
    }
    const anon = await clientAs(server.url, null);
    const first = await search(anon, { q: "pagination" });
    expect(first.kinds).toHaveLength(20);
    expect(first.count).toMatch(/^25 results for .* page 1 of 2/);
    const second = await search(anon, { q: "pagination", page: "2" });
    expect(second.kinds).toHaveLength(5);
    expect(first.html + second.html).not.toContain("pagination secret");
    const past = await search(anon, { q: "pagination", page: "9" });
    expect(past.status).toBe(200);
    expect(past.html).toContain('data-testid="search-past-end"');
    const member = await search(await clientAs(server.url, users.member), { q: "pagination" });
    expect(member.count).toMatch(/^50 results/);
  });
});

describe("freshness", () => {
  it("finds a post saved through the thread page at once, and loses it when a coordinator hides it", async () => {
    const member = await clientAs(server.url, users.member);
    const saved = await member.post(`/coalitions/${pub.slug}/threads/${pubThread.id}`, { intent: "post", body: "Posting about the **saxophonic** proposal." });
    expect(saved.status).toBeLessThan(400);
    const anon = await clientAs(server.url, null);
    const found = await search(anon, { q: "saxophonic" });
    expect(found.kinds).toEqual(["post"]);
    const row = await getDb().selectFrom("posts").select(["id", "number"]).where("thread_id", "=", pubThread.id).where("body", "like", "%saxophonic%").executeTakeFirstOrThrow();
    expect(found.html).toContain(`#post-${row.number}`);
    const hidden = await (await clientAs(server.url, users.coordinator)).post(`/coalitions/${pub.slug}/threads/${pubThread.id}`, { intent: "hide", post_id: row.id, reason: "off topic" });
    expect(hidden.status).toBeLessThan(400);
    expect((await search(anon, { q: "saxophonic" })).kinds).toEqual([]);
    expect((await search(await clientAs(server.url, users.coordinator), { q: "saxophonic" })).kinds).toEqual([]);
  });

  it("finds a post as soon as it is saved and loses it when hidden or deleted", async () => {
    const anon = await clientAs(server.url, null);
    const post = await createPost({ threadId: pubThread.id, userId: users.member.id, body: "Brand new xylophonic idea." });
    expect((await search(anon, { q: "xylophonic" })).kinds).toEqual(["post"]);
    await getDb().updateTable("posts").set({ body: "Edited: marimbaphonic idea.", edited_at: new Date().toISOString() }).where("id", "=", post.id).execute();
    expect((await search(anon, { q: "xylophonic" })).kinds).toEqual([]);
    expect((await search(anon, { q: "marimbaphonic" })).kinds).toEqual(["post"]);
    await getDb().updateTable("posts").set({ hidden_at: new Date().toISOString() }).where("id", "=", post.id).execute();
    expect((await search(anon, { q: "marimbaphonic" })).kinds).toEqual([]);
    await getDb().updateTable("posts").set({ hidden_at: null }).where("id", "=", post.id).execute();
    expect((await search(anon, { q: "marimbaphonic" })).kinds).toEqual(["post"]);
    await getDb().updateTable("posts").set({ deleted_at: new Date().toISOString(), body: "" }).where("id", "=", post.id).execute();
    expect((await search(anon, { q: "marimbaphonic" })).kinds).toEqual([]);
  });

  it("follows a document's compacted text, its archiving, and a new published version", async () => {
    const member = await clientAs(server.url, users.member);
    const doc = await createDocument({ coalitionId: pub.id, userId: users.member.id, title: "Living text", text: "first draft words" });
    await getDb().updateTable("documents").set({ plain_text: "now it speaks of heliotropic gardens" }).where("id", "=", doc.id).execute();
    expect((await search(member, { q: "heliotropic" })).kinds).toEqual(["document"]);
    await publishVersion({ documentId: doc.id, coalitionId: pub.id, userId: users.coordinator.id, text: "heliotropic v1", number: 1 });
    expect((await search(member, { q: "heliotropic" })).kinds.sort()).toEqual(["document", "output"]);
    // A later version replaces the earlier one in results.
    await publishVersion({ documentId: doc.id, coalitionId: pub.id, userId: users.coordinator.id, text: "heliotropic v2", number: 2 });
    const both = await search(member, { q: "heliotropic" });
    expect(both.kinds.sort()).toEqual(["document", "output"]);
    expect(both.text).toContain("heliotropic v2");
    expect(both.text).not.toContain("heliotropic v1");
    await getDb().updateTable("documents").set({ archived_at: new Date().toISOString() }).where("id", "=", doc.id).execute();
    expect((await search(member, { q: "heliotropic" })).kinds).toEqual(["output"]);
    await getDb().updateTable("documents").set({ archived_at: null }).where("id", "=", doc.id).execute();
    expect((await search(member, { q: "heliotropic gardens" })).kinds).toEqual(["document"]);
  });

  it("finds a published output by its document's title, also after a rename", async () => {
    const doc = await createDocument({ coalitionId: pub.id, userId: users.member.id, title: "Ultramarine declaration", text: "draft body" });
    await publishVersion({ documentId: doc.id, coalitionId: pub.id, userId: users.coordinator.id, text: "the published body" });
    const anon = await clientAs(server.url, null);
    expect((await search(anon, { q: "ultramarine" })).kinds).toEqual(["output"]);
    await getDb().updateTable("documents").set({ title: "Vermilion declaration" }).where("id", "=", doc.id).execute();
    expect((await search(anon, { q: "ultramarine" })).kinds).toEqual([]);
    const renamed = await search(anon, { q: "vermilion declaration" });
    expect(renamed.kinds).toEqual(["output"]);
    expect(renamed.text).toContain("Vermilion declaration");
  });

  it("moves a thread's posts with it to another coalition", async () => {
    const t = await createThread({ coalitionId: pub.id, userId: users.member.id, title: "Movable" });
    await createPost({ threadId: t.id, userId: users.member.id, body: "peripatetic remark" });
    const anon = await clientAs(server.url, null);
    expect((await search(anon, { q: "peripatetic" })).kinds).toEqual(["post"]);
    await getDb().updateTable("threads").set({ coalition_id: priv.id }).where("id", "=", t.id).execute();
    expect((await search(anon, { q: "peripatetic" })).kinds).toEqual([]);
    expect((await search(await clientAs(server.url, users.member), { q: "peripatetic" })).kinds).toEqual(["post"]);
  });
});
