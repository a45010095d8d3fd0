import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST_MAX } from "../../app/lib/thread-validation";
import { addMember, createCoalition, createUser } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";
import { clientAs, startThread } from "../helpers/threads";

// A preview renders what could be posted, never more: a body past the post limit gets the same
// field error as posting it, and is not rendered.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe("previews keep the post limits", () => {
  it("refuses an over-long body in both previews (new thread and reply) with the posting error, rendering nothing", async () => {
    const member = await createUser();
    const coalition = await createCoalition({ visibility: "public" });
    await addMember(coalition.id, member.id, "member");
    const m = await clientAs(server.url, member.id);
    const threadId = await startThread(m, coalition.slug, "Limits", "First post");
    const huge = `*${"a".repeat(POST_MAX)}*`; // one past the limit, and a marker a render would turn into <em>
    for (const [label, path, extra] of [
      ["new thread", `/coalitions/${coalition.slug}/threads`, { title: "t" }],
      ["reply", `/coalitions/${coalition.slug}/threads/${threadId}`, {}],
    ] as const) {
      const res = await m.post(path, { intent: "preview", body: huge, ...extra });
      expect(res.status, label).toBe(400);
      const html = await res.text();
      expect(html, label).toContain(`Posts are limited to ${POST_MAX.toLocaleString("en")} characters.`);
      expect(html, label).not.toContain("<em>aaaa");
    }
    // At the limit, the preview renders.
    const ok = await m.post(`/coalitions/${coalition.slug}/threads/${threadId}`, { intent: "preview", body: `*${"a".repeat(POST_MAX - 2)}*` });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("<em>aaaa");
  });
});
