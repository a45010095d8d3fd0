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
  const nina = await createUser({ name: "Nina Outsider" });
  await addMember(coalition.id, ana.id, "member");
  await addMember(coalition.id, ben.id, "member");
  await addMember(coalition.id, otto.id, "observer");
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
  return { coalition, doc, users: { ana, ben, otto, nina }, url, as: (u: { id: string }) => clientAs(server.url, u) };
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
