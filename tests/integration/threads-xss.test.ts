import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createUser } from "../helpers/factories";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { clientAs, postIn, startThread } from "../helpers/threads";
import { executableMarkup, tagsOf, XSS_CORPUS } from "../helpers/xss-corpus";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** Every <script> of a page must carry this response's CSP nonce (Remix's own scripts do). */
function nonceOf(res: Response): string {
  return /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")![1];
}

describe("hostile Markdown through posting and rendering", () => {
  it("never puts executable markup on the thread page, the list or the notifications", async () => {
    const tag = Date.now().toString(36);
    const member = await createUser({ name: "Mallory <script>window.__xss=1</script>", email: `mallory.${tag}@example.org` });
    const target = await createUser({ name: "Victor Victim", email: `victor.${tag}@example.org` });
    const coordinator = await createUser({ name: "Cora", email: `cora.${tag}@example.org` });
    const coalition = await createCoalition({ visibility: "public" });
    await addMember(coalition.id, member.id, "member");
    await addMember(coalition.id, target.id, "member");
    await addMember(coalition.id, coordinator.id, "coordinator");
    const m = await clientAs(server.url, member.id);
    const hostileTitle = `</script><script>window.__xss=1</script><!-- "' ${tag}`;
    const threadId = await startThread(m, coalition.slug, hostileTitle, XSS_CORPUS[0]);
    for (const payload of XSS_CORPUS.slice(1)) {
      const res = await postIn(m, coalition.slug, threadId, { body: `${payload}\n\n@victor.${tag}` });
      expect(res.status, payload).toBe(302);
    }
    // The stored text is byte-exact: nothing is "fixed" on the way in, only on the way out
    // (except that a mention by an email's local part is stored as the person's handle).
    const stored = await getDb().selectFrom("posts").select(["number", "body"]).where("thread_id", "=", threadId).orderBy("number").execute();
    expect(stored[0].body).toBe(XSS_CORPUS[0]);
    expect(stored[5].body).toBe(`${XSS_CORPUS[5]}\n\n@${target.handle}`);

    // One post hidden, one preview: the coordinator's view renders hidden text too.
    const victim = await clientAs(server.url, target.id);
    const coord = await clientAs(server.url, coordinator.id);
    const hiddenId = (await getDb().selectFrom("posts").select("id").where("thread_id", "=", threadId).where("number", "=", 3).executeTakeFirstOrThrow()).id;
    expect((await coord.post(`/coalitions/${coalition.slug}/threads/${threadId}`, { intent: "hide", post_id: hiddenId, reason: "<img src=x onerror=window.__xss=1>" })).status).toBe(302);

    const pages: Array<[string, TestClient, string, string]> = [
      ["thread (anonymous)", new TestClient(server.url), "GET", `/coalitions/${coalition.slug}/threads/${threadId}?page=1`],
      ["thread (coordinator)", coord, "GET", `/coalitions/${coalition.slug}/threads/${threadId}?page=1`],
      ["thread list", victim, "GET", `/coalitions/${coalition.slug}/threads`],
      ["notifications", victim, "GET", "/notifications"],
      ["preview", m, "POST", `/coalitions/${coalition.slug}/threads/${threadId}`],
    ];
    for (const [label, client, method, path] of pages) {
      const res = method === "GET" ? await client.get(path) : await client.post(path, { intent: "preview", body: XSS_CORPUS.join("\n\n") });
      expect(res.status, label).toBe(200);
      const html = await res.text();
      const nonce = nonceOf(res);
      const problems = executableMarkup(html, { allowScripts: (t) => t.attrs.some(([n, v]) => n === "nonce" && v === nonce) });
      expect(problems, label).toEqual([]);
      // Hostile text is there, as text: the corpus was rendered, not dropped.
      if (label.startsWith("thread (")) {
        expect(html).toContain("&lt;script&gt;window.__xss = 1&lt;/script&gt;");
        expect(html).toContain(`>@${target.handle}</a>`);
        expect(tagsOf(html).filter((t) => t.name === "a" && t.attrs.some(([n, v]) => n === "href" && v.startsWith("https://example.org/")))).not.toHaveLength(0);
      }
      if (label === "notifications") expect(html).toContain("mentioned you in");
    }

    const exported = await new TestClient(server.url).get(`/coalitions/${coalition.slug}/threads/${threadId}/export`);
    expect(exported.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(exported.headers.get("x-content-type-options")).toBe("nosniff");
    expect(exported.headers.get("content-disposition")).toMatch(/^attachment;/);
  });
});
