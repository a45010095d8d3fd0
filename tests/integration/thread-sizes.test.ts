import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { POST_HTML_MAX } from "../../app/lib/thread-validation";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";
import { clientAs, insertPosts, postCount, postIn, startThread } from "../helpers/threads";

// Issue 28 (bounds by bytes): a post's rendered size is capped on save and preview, and a thread
// page stops adding posts once their HTML reaches the page budget.

let server: TestServer;
let member: TestUser;
let pub: { id: string; slug: string };
const tag = Date.now().toString(36);
const TOO_LONG = "This post is too long once formatted";
const dense = "*a".repeat(25_000); // 50,000 characters: within the length limit, ~137,500 characters of HTML

beforeAll(async () => {
  server = await startTestServer();
  member = await createUser({ name: "Sam Sizer", email: `sam.${tag}@example.org` });
  pub = await createCoalition({ name: "Sizes Coalition", visibility: "public" });
  await addMember(pub.id, member.id, "member");
});
afterAll(async () => {
  await server?.close();
});

const url = (id: string) => `/coalitions/${pub.slug}/threads/${id}`;

describe("a post's rendered size", () => {
  it("refuses the 50,000-character *a*a… post on save, edit, preview and a new thread (400, field error, text kept, nothing written)", async () => {
    const m = await clientAs(server.url, member.id);
    const id = await startThread(m, pub.slug, "Dense markup", "Short and fine.");
    const before = await postCount();
    for (const form of [{ intent: "post", body: dense }, { intent: "preview", body: dense }]) {
      const res = await m.post(url(id), form);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(TOO_LONG);
      expect(html).toContain("*a*a*a*a"); // the text is kept in the form
    }
    const first = await getDb().selectFrom("posts").select(["id"]).where("thread_id", "=", id).where("number", "=", 1).executeTakeFirstOrThrow();
    const edit = await m.post(url(id), { intent: "edit", post_id: first.id, body: dense });
    expect(edit.status).toBe(400);
    expect(await edit.text()).toContain(TOO_LONG);
    const created = await m.post(`/coalitions/${pub.slug}/threads`, { intent: "create", title: "Dense thread", body: dense });
    expect(created.status).toBe(400);
    expect(await created.text()).toContain(TOO_LONG);
    const preview = await m.post(`/coalitions/${pub.slug}/threads`, { intent: "preview", title: "Dense thread", body: dense });
    expect(preview.status).toBe(400);
    expect(await preview.text()).toContain(TOO_LONG);
    expect(await postCount()).toBe(before);
    expect((await getDb().selectFrom("posts").select(["body"]).where("id", "=", first.id).executeTakeFirstOrThrow()).body).toBe("Short and fine.");
    // Plain text at the length limit is accepted.
    expect((await postIn(m, pub.slug, id, { body: "plain words ".repeat(4_000) })).status).toBe(302);
  });
});

describe("a thread page's size", () => {
  it("splits a page of large posts into parts under ~1 MB, each reachable, and keeps paging by count", async () => {
    const m = await clientAs(server.url, member.id);
    const id = await startThread(m, pub.slug, "Large posts", "Opening post.");
    await insertPosts(id, member.id, 59); // posts 2..60: page 1 holds 1–50, page 2 51–60
    const big = `<p>${"b".repeat(POST_HTML_MAX - 7)}</p>`; // the largest post the cap lets through
    await getDb().updateTable("posts").set({ body_html: big }).where("thread_id", "=", id).where("number", ">=", 2).where("number", "<=", 20).execute();

    const part1 = await m.get(`${url(id)}?page=1`);
    expect(part1.status).toBe(200);
    const html1 = await part1.text();
    expect(html1.length).toBeLessThan(1_200_000);
    expect(html1).toContain('data-testid="page-parts"');
    const numbers = (html: string) => [...html.matchAll(/data-post-number="(\d+)"/g)].map((x) => Number(x[1]));
    const shown1 = numbers(html1);
    expect(shown1[0]).toBe(1);
    expect(shown1.length).toBeLessThan(50);

    // Following the parts shows every post of page 1 exactly once, in order.
    const seen = [...shown1];
    for (let part = 2; seen.at(-1)! < 50; part++) {
      const res = await m.get(`${url(id)}?page=1&part=${part}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html.length).toBeLessThan(1_200_000);
      seen.push(...numbers(html));
      expect(part).toBeLessThan(10);
    }
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));

    // Page 2 (small posts) is one part, 51–60.
    const page2 = await (await m.get(`${url(id)}?page=2`)).text();
    expect(numbers(page2)).toEqual(Array.from({ length: 10 }, (_, i) => i + 51));
    expect(page2).not.toContain('data-testid="page-parts"');
  });
});
