import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { getDb } from "../../db/client";
import { pendingSuggestionCount } from "../../app/models/suggestions.server";
import { collabClient, typeText, type CollabClient } from "../helpers/collab";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor } from "../helpers/factories";
import { clientAs } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Decisions on suggestions (issue 23): recorded over HTTP, only by people who may edit, one audit
// row per suggestion, with what the server itself reads in the draft.

let server: TestServer;
const sockets: CollabClient[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await server?.close();
});

async function setup() {
  const coalition = await createCoalition({ visibility: "private" });
  const ana = await createUser({ name: "Ana Member" });
  const ben = await createUser({ name: "Ben Member" });
  const otto = await createUser({ name: "Otto Observer" });
  const cora = await createUser({ name: "Cora Coordinator" });
  const nina = await createUser({ name: "Nina Outsider" });
  await addMember(coalition.id, ana.id, "member");
  await addMember(coalition.id, ben.id, "member");
  await addMember(coalition.id, otto.id, "observer");
  await addMember(coalition.id, cora.id, "coordinator");
  const doc = await createDocument(coalition.id, ana.id, { title: "Charter" });
  // Ana, in suggesting mode, proposes adding "open " and removing "We ": the marks as Yjs holds them.
  const socket = collabClient(server.url, doc.id, await sessionCookieFor(ana.id));
  sockets.push(socket);
  await socket.synced();
  typeText(socket.doc, "We support open standards.");
  const text = (socket.doc.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText;
  const by = { authorId: ana.id, authorName: "Ana Member", time: "2026-12-08T00:00:00.000Z" };
  socket.doc.transact(() => {
    text.format(11, 5, { suggestionInsert: { id: "ins1", ...by } });
    text.format(0, 3, { suggestionDelete: { id: "del1", ...by } });
  });
  await expect.poll(() => pendingSuggestionCount(doc.id), { timeout: 15_000 }).toBe(2);
  const url = `/coalitions/${coalition.slug}/documents/${doc.id}/suggestions`;
  return { coalition, doc, users: { ana, ben, otto, nina, cora }, base: `/coalitions/${coalition.slug}/documents/${doc.id}`, url, as: (u: { id: string }) => clientAs(server.url, u) };
}

const auditRows = (coalitionId: string) =>
  getDb().selectFrom("audit_events").select(["action", "actor_id", "subject_user_id", "detail"]).where("coalition_id", "=", coalitionId).where("action", "like", "suggestion.%").orderBy("created_at").execute();

describe("deciding on suggestions over HTTP", () => {
  it("a member accepts one and rejects the other: each is audited with its author, kind and text as the server reads them", async () => {
    const s = await setup();
    const ben = await s.as(s.users.ben);
    const accepted = await ben.post(s.url, { decision: "accept", id: "ins1" });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ ok: true, decided: ["ins1"] });
    const rejected = await ben.post(s.url, { decision: "reject", id: ["del1", "unknown"] });
    expect(await rejected.json()).toEqual({ ok: true, decided: ["del1"] });
    const rows = await auditRows(s.coalition.id);
    expect(rows.map((r) => [r.action, r.actor_id, r.subject_user_id])).toEqual([
      ["suggestion.accepted", s.users.ben.id, s.users.ana.id],
      ["suggestion.rejected", s.users.ben.id, s.users.ana.id],
    ]);
    expect(JSON.parse(rows[0].detail!)).toMatchObject({ documentId: s.doc.id, kind: "insert", text: "open ", author: "Ana Member", suggestionId: "ins1" });
    expect(JSON.parse(rows[1].detail!)).toMatchObject({ kind: "delete", text: "We " });
  });

  it("publishing says how many are pending, and the version leaves the insertion out and keeps the deletion's text", async () => {
    const s = await setup();
    const cora = await s.as(s.users.cora);
    const confirm = await cora.post(`${s.base}?index`, { intent: "publish", label: "First reading", note: "" });
    expect(confirm.status).toBe(400);
    expect(await confirm.text()).toContain("2 suggestions are still pending on this draft.");
    expect((await cora.post(`${s.base}?index`, { intent: "publish", label: "First reading", note: "", confirm: "yes" })).status).toBe(200);
    const version = await getDb().selectFrom("document_versions").select(["html", "plain_text"]).where("document_id", "=", s.doc.id).executeTakeFirstOrThrow();
    expect(version.html).toBe("<p>We support standards.</p>");
    expect(version.plain_text).toBe("We support standards.");
    const md = await (await cora.get(`${s.base}/export.md`)).text();
    expect(md).toContain("We support standards.");
  });

  it("refuses observers and non-members, a suggestion that is not in the draft, and a malformed decision, recording nothing", async () => {
    const s = await setup();
    const otto = await s.as(s.users.otto);
    expect((await otto.post(s.url, { decision: "accept", id: "ins1" })).status).toBe(403);
    const nina = await s.as(s.users.nina);
    expect([403, 404]).toContain((await nina.post(s.url, { decision: "accept", id: "ins1" })).status);
    const ana = await s.as(s.users.ana);
    expect((await ana.post(s.url, { decision: "accept", id: "gone" })).status).toBe(409);
    expect((await ana.post(s.url, { decision: "maybe", id: "ins1" })).status).toBe(400);
    expect((await ana.post(s.url, { decision: "accept", id: "<script>" })).status).toBe(400);
    expect(await auditRows(s.coalition.id)).toEqual([]);
  });
});
