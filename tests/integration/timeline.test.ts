import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { docJson } from "../helpers/documents";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor, type TestUser } from "../helpers/factories";
import { collabClient, typeSlowly, type CollabClient } from "../helpers/collab";
import { clientAs } from "../helpers/http";
import { collabHook } from "../../app/models/collab-hook.server";
import { startTestServer, type TestServer } from "../helpers/server";
import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";
import { recordDocumentAuthors } from "../../db/queries/document-authors";
import { compactDocument } from "../../db/queries/document-state";
import { findDocumentInCoalition } from "../../db/queries/documents";
import { renderDoc, updateToContentOf, yDocFromJson, yDocToNode } from "../../app/models/document-render.server";
import { loadYDoc } from "../../app/models/document-state.server";
import { listTimeline, pointHtml, requirePoint } from "../../app/models/timeline.server";
import { keepPastDays } from "../../server/collab-adapters/day-keeper";

// Issue 23's timeline: a point at each published version and at the end of each UTC day with
// edits; days survive compaction (kept just before it); every route asks the document's read
// permission, restoring the versions' restore permission.

let server: TestServer;
const clients: CollabClient[] = [];
beforeAll(async () => {
  process.env.COLLAB_COMPACT_MAX_UPDATES = "25"; // the collaboration server compacts after 25 rows
  server = await startTestServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
});

/**
 * The document's editors, one Yjs client each (tied to its person in document_authors, as the
 * collaboration server does), whose edits are stored as log rows with the times given: no clock needed.
 */
async function author(documentId: string) {
  const shared = new Y.Doc();
  const clients = new Map<string | null, Y.Doc>();
  return {
    async write(json: ReturnType<typeof docJson>, at: string, userId: string | null) {
      let doc = clients.get(userId);
      if (!doc) {
        clients.set(userId, (doc = new Y.Doc()));
        if (userId) await recordDocumentAuthors(getDb(), documentId, [{ clientId: doc.clientID, userId }], at);
      }
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(shared, Y.encodeStateVector(doc)));
      const data = updateToContentOf(doc, yDocToNode(yDocFromJson(json)));
      Y.applyUpdate(shared, data);
      await getDb().insertInto("document_updates").values({ document_id: documentId, data: Buffer.from(data), user_id: userId, created_at: at }).execute();
    },
    state: () => Y.encodeStateAsUpdate(shared),
  };
}

async function insertVersion(o: { documentId: string; coalitionId: string; userId: string; state: Uint8Array; number: number; at: string }) {
  const id = newId();
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, o.state);
  const { html, plainText } = renderDoc(ydoc);
  await getDb()
    .insertInto("document_versions")
    .values({ id, document_id: o.documentId, coalition_id: o.coalitionId, number: o.number, label: `Edition ${o.number}`, note: null, html, state: Buffer.from(o.state), plain_text: plainText, published_by: o.userId, published_at: o.at })
    .execute();
  return id;
}

const textOf = (html: string) => html.replace(/<[^>]+>/g, " ");

describe("the timeline's points (model)", () => {
  let alice: TestUser, bob: TestUser, coalitionId: string, documentId: string, versionId: string;
  beforeAll(async () => {
    alice = await createUser({ name: "Alice Day" });
    bob = await createUser({ name: "Bob Night" });
    const coalition = await createCoalition({ visibility: "private" });
    coalitionId = coalition.id;
    await addMember(coalition.id, alice.id, "member");
    await addMember(coalition.id, bob.id, "coordinator");
    documentId = (await createDocument(coalition.id, alice.id, { title: "Charter" })).id;
    const a = await author(documentId);
    await a.write(docJson("Charter", "First day text."), "2026-01-10T10:00:00.000Z", alice.id);
    await a.write(docJson("Charter", "First day text, revised."), "2026-01-10T18:00:00.000Z", alice.id);
    versionId = await insertVersion({ documentId, coalitionId, userId: bob.id, state: a.state(), number: 1, at: "2026-01-10T19:00:00.000Z" });
    await a.write(docJson("Charter", "Second day text."), "2026-01-11T09:00:00.000Z", bob.id);
  });

  const doc = async () => (await findDocumentInCoalition(getDb(), coalitionId, documentId))!;

  it("has one point per day with edits (its last state) and one per version, newest first, with who wrote", async () => {
    const points = await listTimeline(await doc());
    expect(points.map((p) => p.id)).toEqual(["day-2026-01-11", "day-2026-01-10", `version-${versionId}`]);
    expect(points.map((p) => p.contributors.map((c) => c.name))).toEqual([["Bob Night"], ["Alice Day"], ["Alice Day"]]);
    expect(textOf(pointHtml(await requirePoint(await doc(), "day-2026-01-10")))).toContain("First day text, revised.");
    expect(textOf(pointHtml(await requirePoint(await doc(), "day-2026-01-11")))).toContain("Second day text.");
  });

  it("keeps past days before a compaction merges them, so yesterday's state survives it", async () => {
    expect(await keepPastDays(getDb(), documentId, "2026-01-11")).toEqual(["2026-01-10"]); // today is not over
    expect(await keepPastDays(getDb(), documentId, "2026-01-12")).toEqual(["2026-01-11"]); // once per day
    expect(await keepPastDays(getDb(), documentId, "2026-01-12")).toEqual([]);
    const current = await loadYDoc(documentId);
    const { max } = await getDb().selectFrom("document_updates").select((eb) => eb.fn.max("seq").as("max")).where("document_id", "=", documentId).executeTakeFirstOrThrow();
    await compactDocument(getDb(), documentId, { data: Y.encodeStateAsUpdate(current), lastSeq: Number(max), plainText: "" });
    current.destroy();
    expect(await getDb().selectFrom("document_updates").select("seq").where("document_id", "=", documentId).execute()).toEqual([]);
    const points = await listTimeline(await doc());
    expect(points.map((p) => p.id)).toEqual(["day-2026-01-11", "day-2026-01-10", `version-${versionId}`]);
    expect(points.find((p) => p.id === "day-2026-01-10")!.contributors.map((c) => c.name)).toEqual(["Alice Day"]);
    expect(textOf(pointHtml(await requirePoint(await doc(), "day-2026-01-10")))).toContain("First day text, revised.");
  });

  it("answers 404 for a point that is not one of the document's", async () => {
    for (const id of ["day-2026-01-09", "version-nope", "garbage", "day-2026-1-10"]) {
      await expect(requirePoint(await doc(), id)).rejects.toMatchObject({ status: 404 });
    }
  });
});

describe("the timeline's pages (HTTP)", () => {
  let coordinator: TestUser, member: TestUser, observer: TestUser, outsider: TestUser, slug: string, pubSlug: string, documentId: string, pubDocumentId: string;
  const yesterday = new Date(Date.now() - 86_400_000).toISOString();
  const yesterdayId = `day-${yesterday.slice(0, 10)}`;
  let editors: Awaited<ReturnType<typeof author>>;
  beforeAll(async () => {
    coordinator = await createUser({ name: "Cora Coordinator" });
    member = await createUser({ name: "Mina Member" });
    observer = await createUser({ name: "Omar Observer" });
    outsider = await createUser({ name: "Otto Outsider" });
    const priv = await createCoalition({ visibility: "private" });
    const pub = await createCoalition({ visibility: "public" });
    slug = priv.slug;
    pubSlug = pub.slug;
    for (const c of [priv, pub]) {
      await addMember(c.id, coordinator.id, "coordinator");
      await addMember(c.id, member.id, "member");
      await addMember(c.id, observer.id, "observer");
    }
    documentId = (await createDocument(priv.id, member.id, { title: "Statement" })).id;
    pubDocumentId = (await createDocument(pub.id, member.id, { title: "Open statement" })).id;
    editors = await author(documentId);
    await editors.write(docJson("Statement", "What we agreed yesterday."), yesterday, member.id);
    await (await author(pubDocumentId)).write(docJson("Open statement", "Public draft."), yesterday, member.id);
  });

  const base = () => `/coalitions/${slug}/documents/${documentId}/timeline`;

  it("lists yesterday's point and opens it read-only, for members and observers", async () => {
    for (const who of [coordinator, member, observer]) {
      const client = await clientAs(server.url, who);
      const list = await client.get(base());
      expect(list.status).toBe(200);
      const body = await list.text();
      expect(body).toContain(`data-point="${yesterdayId}"`);
      expect(body).toContain("Mina Member");
      const point = await client.get(`${base()}/${yesterdayId}`);
      expect(point.status).toBe(200);
      const html = await point.text();
      expect(html).toContain("What we agreed yesterday.");
      expect(html).not.toContain("contenteditable");
      expect(html.includes("Restore as a new edit")).toBe(who === coordinator); // the versions' restore permission
    }
  });

  it("exports a point as Markdown and HTML", async () => {
    const client = await clientAs(server.url, observer);
    const md = await client.get(`${base()}/${yesterdayId}/export.md`);
    expect(md.status).toBe(200);
    expect(md.headers.get("content-type")).toContain("text/markdown");
    expect(await md.text()).toContain("What we agreed yesterday.");
    const html = await client.get(`${base()}/${yesterdayId}/export.html`);
    expect(html.headers.get("content-disposition")).toContain(`${yesterdayId.slice(4)}.html`);
  });

  it("compares two points with the word diff", async () => {
    const client = await clientAs(server.url, member);
    const res = await client.get(`${base()}/compare?from=${yesterdayId}&to=${yesterdayId}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('data-testid="diff"');
  });

  it("answers the draft's permission: 404 to non-members of a private coalition, same as the draft on a public one", async () => {
    for (const who of [outsider, null]) {
      const client = await clientAs(server.url, who);
      for (const path of [base(), `${base()}/${yesterdayId}`, `${base()}/${yesterdayId}/export.md`, `${base()}/compare`]) expect((await client.get(path)).status, path).toBe(404);
    }
    const pubBase = `/coalitions/${pubSlug}/documents/${pubDocumentId}`;
    for (const who of [outsider, null]) {
      const client = await clientAs(server.url, who);
      const draft = (await client.get(pubBase)).status;
      expect(draft).not.toBe(200);
      expect((await client.get(`${pubBase}/timeline`)).status).toBe(draft);
    }
  });

  it("answers 404 with a clear page for a point that does not exist", async () => {
    const res = await (await clientAs(server.url, member)).get(`${base()}/day-1999-01-01`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("This point is not in the document’s timeline");
  });

  it("restores a point as a new edit (confirmed, audited), as restoring a version: coordinators only", async () => {
    for (const who of [member, observer]) {
      const refused = await (await clientAs(server.url, who)).post(`${base()}/${yesterdayId}`, { intent: "restore", confirm: "yes" });
      expect(refused.status).toBe(403);
    }
    const client = await clientAs(server.url, coordinator);
    // Today's edit, then back to yesterday's text.
    await editors.write(docJson("Statement", "What we agreed yesterday.", "Added today."), now(), member.id);
    const asked = await client.post(`${base()}/${yesterdayId}`, { intent: "restore" });
    expect(asked.status).toBe(400);
    expect(await asked.text()).toContain("This replaces the working draft");
    const done = await client.post(`${base()}/${yesterdayId}`, { intent: "restore", confirm: "yes" });
    expect(done.status).toBe(200);
    const draft = await loadYDoc(documentId);
    expect(renderDoc(draft).plainText).not.toContain("Added today.");
    expect(renderDoc(draft).plainText).toContain("What we agreed yesterday.");
    draft.destroy();
    const audit = await getDb().selectFrom("audit_events").select(["action", "actor_id"]).where("action", "=", "timeline.restored").where("actor_id", "=", coordinator.id).execute();
    expect(audit).toHaveLength(1);
  });
});

describe("the collaboration server's compactions (timeline)", () => {
  it("keep yesterday's state before merging its rows, so the timeline still opens it", async () => {
    const coalition = await createCoalition({ visibility: "private" });
    const user = await createUser({ name: "Kim Keeper" });
    await addMember(coalition.id, user.id, "member");
    const documentId = (await createDocument(coalition.id, user.id, { title: "Kept" })).id;
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    await (await author(documentId)).write(docJson("Kept", "Words from yesterday."), yesterday, user.id);
    const c = collabClient(server.url, documentId, await sessionCookieFor(user.id));
    clients.push(c);
    await c.synced();
    const before = collabHook()!.metrics().compactions;
    await typeSlowly(c.doc, "Typing today goes on and on.");
    await expect.poll(() => collabHook()!.metrics().compactions, { timeout: 20_000 }).toBeGreaterThan(before);
    await expect.poll(async () => (await getDb().selectFrom("document_day_states").select("day").where("document_id", "=", documentId).execute()).map((r) => r.day), { timeout: 20_000 }).toEqual([yesterday.slice(0, 10)]);
    const rows = await getDb().selectFrom("document_updates").select("created_at").where("document_id", "=", documentId).execute();
    expect(rows.some((r) => r.created_at === yesterday)).toBe(false); // merged into the snapshot
    const doc = (await findDocumentInCoalition(getDb(), coalition.id, documentId))!;
    const html = textOf(pointHtml(await requirePoint(doc, `day-${yesterday.slice(0, 10)}`)));
    expect(html).toContain("Words from yesterday.");
    expect(html).not.toContain("Typing today");
  });
});
