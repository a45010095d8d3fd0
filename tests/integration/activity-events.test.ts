import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { clientAs, TestClient } from "../helpers/http";
import { createDocument, createPost, createThread, publishVersion } from "../helpers/search-fixtures";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 19: the activity feed shows replies, restores, locks and (to coordinators) join requests,
// each only to those the policy lets read it.

let server: TestServer;
let coordinator: TestUser, member: TestUser, observer: TestUser, asker: TestUser;
let pub: { id: string; slug: string };

function types(html: string): string[] {
  return [...html.matchAll(/data-testid="activity-item" data-type="([\w.]+)"/g)].map((m) => m[1]);
}
/** The feed's text only (not the page's loader data). */
function feed(html: string): string {
  const list = /data-testid="activity-list"[\s\S]*?<\/ol>/.exec(html)?.[0] ?? "";
  return list.replace(/<[^>]+>/g, "").replace(/&#x27;/g, "'");
}

beforeAll(async () => {
  server = await startTestServer();
  coordinator = await createUser({ name: "Cyra Coordinator" });
  member = await createUser({ name: "Max Member" });
  observer = await createUser({ name: "Oona Observer" });
  asker = await createUser({ name: "Asha Asker" });
  pub = await createCoalition({ name: "Feed Coalition", visibility: "public" });
  await addMember(pub.id, coordinator.id, "coordinator");
  await addMember(pub.id, member.id, "member");
  await addMember(pub.id, observer.id, "observer");

  const open = await createThread({ coalitionId: pub.id, userId: coordinator.id, title: "Open agenda" });
  await createPost({ threadId: open.id, userId: coordinator.id, body: "First." });
  await createPost({ threadId: open.id, userId: member.id, body: "A public reply." });
  await createPost({ threadId: open.id, userId: member.id, body: "A hidden reply.", hidden: true });
  const closed = await createThread({ coalitionId: pub.id, userId: coordinator.id, title: "Members budget", audience: "members" });
  await createPost({ threadId: closed.id, userId: coordinator.id, body: "First." });
  await createPost({ threadId: closed.id, userId: member.id, body: "A members-only reply." });
  const toLock = await createThread({ coalitionId: pub.id, userId: member.id, title: "Settled question" });
  await createPost({ threadId: toLock.id, userId: member.id, body: "First." });
  expect((await (await clientAs(server.url, coordinator)).post(`/coalitions/${pub.slug}/threads/${toLock.id}`, { intent: "lock", reason: "Decided." })).status).toBe(302);

  const doc = await createDocument({ coalitionId: pub.id, userId: coordinator.id, title: "Charter draft", text: "…" });
  const version = await publishVersion({ documentId: doc.id, coalitionId: pub.id, userId: coordinator.id, text: "…", label: "Charter v1" });
  await getDb()
    .insertInto("document_checkpoints")
    .values({ id: newId(), document_id: doc.id, reason: "restore", version_id: version.id, state: new Uint8Array([0, 0]), created_by: coordinator.id, created_at: now(), undone_at: null })
    .execute();
  await getDb()
    .insertInto("join_requests")
    .values({ id: newId(), coalition_id: pub.id, user_id: asker.id, statement: "Let me in.", stakeholder_group: "civil", organization: "Asker Org", region: null, status: "pending", decided_by: null, decided_role: null, decision_reason: null, created_at: now(), decided_at: null })
    .execute();
});
afterAll(async () => {
  await server?.close();
});

const overview = async (client: TestClient) => {
  const res = await client.get(`/coalitions/${pub.slug}`);
  expect(res.status).toBe(200);
  return res.text();
};

describe("the coalition's activity", () => {
  it("shows coordinators replies, restores, locks and waiting join requests", async () => {
    const html = await overview(await clientAs(server.url, coordinator));
    expect(types(html)).toEqual(expect.arrayContaining(["post.replied", "version.restored", "thread.locked", "join.requested"]));
    const text = feed(html);
    expect(text).toContain("Max Member replied in Open agenda");
    expect(text).toContain("Max Member replied in Members budget");
    expect(text).toContain("Cyra Coordinator restored Charter draft to Charter v1");
    expect(text).toContain("Cyra Coordinator locked the thread Settled question");
    expect(text).toContain("Asha Asker asks to join");
    // A hidden reply is not news.
    expect(types(html).filter((t) => t === "post.replied")).toHaveLength(2);
  });

  it("shows members and observers the members-only replies but no join requests", async () => {
    for (const who of [member, observer]) {
      const html = await overview(await clientAs(server.url, who));
      const text = feed(html);
      expect(text).toContain("replied in Members budget");
      expect(types(html)).not.toContain("join.requested");
      expect(text).not.toContain("Asha Asker");
    }
  });

  it("shows visitors and signed-in non-members public replies and locks only: no members-only thread, no restore of a draft, no request", async () => {
    for (const client of [new TestClient(server.url), await clientAs(server.url, asker)]) {
      const html = await overview(client);
      const text = feed(html);
      expect(text).toContain("Max Member replied in Open agenda");
      expect(text).toContain("locked the thread Settled question");
      expect(html).not.toContain("Members budget");
      expect(types(html)).not.toContain("join.requested");
      expect(types(html)).not.toContain("version.restored");
    }
  });

  it("does not list a waiting request twice in a coordinator's home feed", async () => {
    const html = await (await (await clientAs(server.url, coordinator)).get("/")).text();
    expect(types(html).filter((t) => t === "join.requested")).toHaveLength(1);
  });
});
