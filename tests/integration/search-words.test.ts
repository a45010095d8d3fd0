import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { searchIndex } from "../../db/queries/search";
import { readableStates } from "../../app/lib/search-policy";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { clientAs } from "../helpers/http";
import { createDocument, createPost, createThread } from "../helpers/search-fixtures";
import { startTestServer, type TestServer } from "../helpers/server";

// The second search index (migration 0008): CJK bigrams (SQLite search_cjk, PostgreSQL
// search_words) for 1–2 character Chinese words, and PostgreSQL's word index for prefixes and
// phrases. Runs on both dialects (TEST_PG_URL for PostgreSQL).

const onPostgres = Boolean(process.env.TEST_PG_URL);
let server: TestServer;
let member: TestUser;
let pub: { id: string; slug: string };
let priv: { id: string; slug: string };
let pubThread: { id: string };
let privThread: { id: string };

async function search(user: TestUser | null, q: string): Promise<{ status: number; html: string; kinds: string[] }> {
  const res = await (await clientAs(server.url, user)).get(`/search?${new URLSearchParams({ q })}`);
  const html = await res.text();
  return { status: res.status, html, kinds: [...html.matchAll(/data-testid="search-result" data-kind="(\w+)"/g)].map((m) => m[1]) };
}

beforeAll(async () => {
  server = await startTestServer();
  member = await createUser({ name: "Words member" });
  pub = await createCoalition({ name: "Open Words Coalition", visibility: "public", description: "Public." });
  priv = await createCoalition({ name: "Closed Words Coalition", visibility: "private", description: "Private." });
  await addMember(pub.id, member.id, "member"); // drafts are for members
  await addMember(priv.id, member.id, "member");
  pubThread = await createThread({ coalitionId: pub.id, userId: member.id, title: "公开讨论" });
  privThread = await createThread({ coalitionId: priv.id, userId: member.id, title: "Internal" });
  await createPost({ threadId: pubThread.id, userId: member.id, body: "我们讨论鲸鱼保护。" });
  await createPost({ threadId: privThread.id, userId: member.id, body: "内部鲸鱼计划。" });
  await createPost({ threadId: pubThread.id, userId: member.id, body: "隐藏的鲸鱼。", hidden: true });
  await createPost({ threadId: pubThread.id, userId: member.id, body: "Multistakeholderism frameworks evolve slowly." });
  await createPost({ threadId: pubThread.id, userId: member.id, body: "Frameworks that evolve: a multistakeholder note." });
});
afterAll(async () => {
  await server?.close();
});

describe("one- and two-character Chinese words", () => {
  it("finds a two-character word only where the viewer may read it", async () => {
    const anon = await search(null, "鲸鱼");
    expect(anon.status).toBe(200);
    expect(anon.kinds).toEqual(["post"]);
    expect(anon.html).toContain("我们讨论");
    expect(anon.html).not.toContain("内部");
    expect(anon.html).not.toContain("隐藏");
    const inside = await search(member, "鲸鱼");
    expect(inside.kinds).toEqual(["post", "post"]);
    expect(inside.html).toContain("内部");
    expect(inside.html).not.toContain("隐藏");
  });

  it("matches characters that are adjacent in the text, in order, across word boundaries", async () => {
    expect((await search(null, "鱼保")).kinds).toEqual(["post"]);
    expect((await search(null, "保鱼")).kinds).toEqual([]);
    expect((await search(null, "鲸")).kinds).toEqual(["post"]);
    expect((await search(null, "护")).kinds).toEqual(["post"]); // the last character of a run
    expect((await search(null, "讨论")).kinds.sort()).toEqual(["post", "thread"]);
  });

  it("keeps the bigram index current as posts and documents change", async () => {
    const post = await createPost({ threadId: pubThread.id, userId: member.id, body: "海豚很聪明" });
    expect((await search(null, "海豚")).kinds).toEqual(["post"]);
    await getDb().updateTable("posts").set({ body: "大象很聪明", edited_at: new Date().toISOString() }).where("id", "=", post.id).execute();
    expect((await search(null, "海豚")).kinds).toEqual([]);
    expect((await search(null, "大象")).kinds).toEqual(["post"]);
    await getDb().updateTable("posts").set({ deleted_at: new Date().toISOString() }).where("id", "=", post.id).execute();
    expect((await search(null, "大象")).kinds).toEqual([]);

    const doc = await createDocument({ coalitionId: pub.id, userId: member.id, title: "草稿", text: "关于熊猫的文字" });
    expect((await search(member, "熊猫")).kinds).toEqual(["document"]);
    await getDb().updateTable("documents").set({ plain_text: "关于老虎的文字" }).where("id", "=", doc.id).execute();
    expect((await search(member, "熊猫")).kinds).toEqual([]);
    expect((await search(member, "老虎")).kinds).toEqual(["document"]);
  });

  it("holds the bigrams in the dialect's index (not found by a scan)", async () => {
    const db = getDb();
    if (onPostgres) {
      const row = await sql<{ hit: boolean }>`SELECT bool_or(words @@ '鲸鱼'::tsquery) AS hit FROM search_words WHERE kind = 'post'`.execute(db);
      expect(row.rows[0]?.hit).toBe(true);
    } else {
      await search(null, "鲸鱼"); // indexes whatever the triggers queued
      const rows = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM search_cjk WHERE search_cjk MATCH '"鲸鱼"'`.execute(db);
      expect(Number(rows.rows[0]?.n)).toBe(2); // the public and the private post; the hidden one is not indexed
      const pending = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM search_cjk_pending`.execute(db);
      expect(Number(pending.rows[0]?.n)).toBe(0);
    }
  });
});

describe("words, prefixes and phrases", () => {
  it("finds a word by its prefix, in any case", async () => {
    expect((await search(null, "multistake")).kinds).toEqual(["post", "post"]);
    expect((await search(null, "MULTISTAKEHOLDERISM")).kinds).toEqual(["post"]);
    expect((await search(null, "multistake*")).kinds).toEqual(["post", "post"]);
  });

  it("requires a phrase's words to be adjacent and in order", async () => {
    const adjacent = await search(null, '"frameworks evolve"');
    expect(adjacent.kinds).toEqual(["post"]);
    expect(adjacent.html).toContain("slowly");
    expect((await search(null, '"evolve frameworks"')).kinds).toEqual([]);
    expect((await search(null, "evolve frameworks")).kinds).toEqual(["post", "post"]);
  });

  it("keeps the word index current when a post is edited", async () => {
    const post = await createPost({ threadId: pubThread.id, userId: member.id, body: "Quasquicentennial celebration." });
    expect((await search(null, "quasquicentennial")).kinds).toEqual(["post"]);
    await getDb().updateTable("posts").set({ body: "Sesquicentennial celebration.", edited_at: new Date().toISOString() }).where("id", "=", post.id).execute();
    expect((await search(null, "quasquicentennial")).kinds).toEqual([]);
    expect((await search(null, "sesquicentennial")).kinds).toEqual(["post"]);
  });

  it.each(["'", "a'b", "open:*", "!x & y | z", "<-> <2>", "a\\b", "''' '", "x:A", "(a | b) & !c", '"it\'s:* &"'])(
    "never fails on tsquery syntax %j",
    async (q) => {
      const page = await search(member, q);
      expect(page.status).toBe(200);
      expect(page.html).toContain("Search");
    },
  );
});

describe("counting and paging (searchIndex)", () => {
  it("pages the same newest-first results whether every match fits under the count cap or not", async () => {
    const t = await createThread({ coalitionId: pub.id, userId: member.id, title: "Cap thread" });
    for (let i = 0; i < 7; i++) await createPost({ threadId: t.id, userId: member.id, body: `capword sample ${i}` });
    const base = { terms: [{ text: "capword", phrase: false, prefix: false }], viewerId: member.id, readable: readableStates({ signedIn: true }), kinds: ["post" as const] };
    const run = (limit: number, offset: number, countCap: number) => searchIndex(getDb(), { ...base, limit, offset, countCap });
    const all = await run(7, 0, 100); // every match under the cap: counted and paged in one statement
    expect(all.total).toBe(7);
    expect(all.capped).toBe(false);
    const at = all.hits.map((h) => h.at);
    expect([...at].sort().reverse()).toEqual(at);
    for (const [limit, offset, cap] of [[3, 0, 100], [3, 3, 100], [3, 6, 100], [2, 2, 4], [2, 4, 5]]) {
      const page = await run(limit, offset, cap); // capped (cap < 7): the page comes from a second query
      expect(page.hits.map((h) => h.refId)).toEqual(all.hits.slice(offset, offset + limit).map((h) => h.refId));
      expect(page.total).toBe(Math.min(7, Math.max(cap, offset + limit)));
      expect(page.capped).toBe(7 > Math.max(cap, offset + limit));
    }
    expect((await run(3, 9, 100)).hits).toEqual([]); // past the end
  });
});
