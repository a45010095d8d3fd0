import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { contributionSummary } from "../../app/models/authorship.server";
import { charactersByClient } from "../../common/ydoc/authorship";
import { getDb } from "../../db/client";
import { listDocumentAuthors } from "../../db/queries/document-authors";
import { loadAndRepair } from "../../app/models/document-state.server";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor } from "../helpers/factories";
import { collabClient, textOf, typeText, type CollabClient } from "../helpers/collab";
import { clientAs } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
const clients: CollabClient[] = [];
const track = (c: CollabClient) => (clients.push(c), c);

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
});

describe("who typed what (issue 23, authorship)", () => {
  it("counts visible characters per Yjs client, after deletions and across merges", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    typeText(a, "Hello");
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    typeText(b, ", world");
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    const text = (a.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.delete(0, 2); // a's "He" is gone: it counts for nobody
    const merged = new Y.Doc();
    Y.applyUpdate(merged, Y.mergeUpdates([Y.encodeStateAsUpdate(a), Y.encodeStateAsUpdate(b)]));
    expect(textOf(merged)).toBe("llo, world");
    const counts = charactersByClient(merged);
    expect(counts.get(a.clientID)).toBe(3);
    expect(counts.get(b.clientID)).toBe(7);
  });

  it("ties each editor's client to them, and a version's page shows each person's and group's share", async () => {
    const coalition = await createCoalition({ visibility: "public" });
    const alice = await createUser({ name: "Alice Author", stakeholder_group: "civil" });
    const bob = await createUser({ name: "Bob Builder", stakeholder_group: "technical" });
    await addMember(coalition.id, alice.id, "member");
    await addMember(coalition.id, bob.id, "coordinator");
    const doc = await createDocument(coalition.id, alice.id);
    const a = track(collabClient(server.url, doc.id, await sessionCookieFor(alice.id)));
    const b = track(collabClient(server.url, doc.id, await sessionCookieFor(bob.id)));
    await Promise.all([a.synced(), b.synced()]);
    typeText(a.doc, "Alice wrote twenty..");
    await expect.poll(() => textOf(b.doc)).toBe("Alice wrote twenty..");
    typeText(b.doc, " Bob 5");
    await expect.poll(async () => textOf((await loadAndRepair(getDb(), doc.id)).doc)).toBe("Alice wrote twenty.. Bob 5");
    await expect.poll(async () => Object.fromEntries(await listDocumentAuthors(getDb(), doc.id))).toEqual({ [a.doc.clientID]: alice.id, [b.doc.clientID]: bob.id });

    // Bob publishes through the page; the version's state keeps every client id.
    const coordinator = await clientAs(server.url, bob);
    const published = await coordinator.post(`/coalitions/${coalition.slug}/documents/${doc.id}?index`, { intent: "publish", confirm: "yes", label: "Charter" });
    expect(published.status).toBeLessThan(400);
    const version = await getDb().selectFrom("document_versions").select(["id", "state"]).where("document_id", "=", doc.id).executeTakeFirstOrThrow();
    const summary = await contributionSummary(doc.id, version.state);
    expect(summary.total).toBe(26);
    expect(summary.people.map((p) => [p.name, p.characters])).toEqual([["Alice Author", 20], ["Bob Builder", 6]]);
    // In the forum's order of groups (technical before civil society).
    expect(summary.groups.map((g) => [g.id, g.characters])).toEqual([["technical", 6], ["civil", 20]]);

    // A visitor reads it on the public version page.
    const page = await (await clientAs(server.url, null)).get(`/coalitions/${coalition.slug}/outputs/${version.id}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('data-testid="contributions"');
    expect(html).toMatch(/Alice Author[\s\S]*76\.9%[\s\S]*Bob Builder[\s\S]*23\.1%/);
  });

  it("the draft's authors answer only those who may read the draft", async () => {
    const coalition = await createCoalition({ visibility: "public" });
    const dana = await createUser({ name: "Dana Drafter", stakeholder_group: "academic" });
    const outsider = await createUser();
    await addMember(coalition.id, dana.id, "member");
    const doc = await createDocument(coalition.id, dana.id);
    await getDb().insertInto("document_authors").values({ document_id: doc.id, client_id: 4_000_000_001, user_id: dana.id, first_seen_at: new Date().toISOString() }).execute();
    const url = `/coalitions/${coalition.slug}/documents/${doc.id}/authors`;
    const member = await (await clientAs(server.url, dana)).get(url);
    expect(member.status).toBe(200);
    expect(await member.json()).toEqual({ authors: [expect.objectContaining({ name: "Dana Drafter", group: "academic", clientIds: [4_000_000_001] })] });
    expect((await (await clientAs(server.url, outsider)).get(url)).status).toBe(403);
    expect([302, 303, 401, 403]).toContain((await (await clientAs(server.url, null)).get(url)).status);
    const privateCoalition = await createCoalition({ visibility: "private" });
    const hidden = await createDocument(privateCoalition.id, dana.id);
    expect((await (await clientAs(server.url, outsider)).get(`/coalitions/${privateCoalition.slug}/documents/${hidden.id}/authors`)).status).toBe(404);
  });

  it("text whose client nobody claimed is unattributed, and a deleted account's reads as a former member's", async () => {
    const coalition = await createCoalition();
    const carol = await createUser({ name: "Carol" });
    const doc = await createDocument(coalition.id, carol.id);
    const ydoc = new Y.Doc();
    typeText(ydoc, "abc");
    const summaryBefore = await contributionSummary(doc.id, Y.encodeStateAsUpdate(ydoc));
    expect(summaryBefore.people).toEqual([expect.objectContaining({ kind: "unknown", characters: 3, share: 1 })]);
    await getDb().insertInto("document_authors").values({ document_id: doc.id, client_id: ydoc.clientID, user_id: carol.id, first_seen_at: new Date().toISOString() }).execute();
    expect((await contributionSummary(doc.id, Y.encodeStateAsUpdate(ydoc))).people[0]).toMatchObject({ kind: "person", name: "Carol" });
    await getDb().updateTable("document_authors").set({ user_id: null }).where("document_id", "=", doc.id).execute();
    expect((await contributionSummary(doc.id, Y.encodeStateAsUpdate(ydoc))).people[0]).toMatchObject({ kind: "former", characters: 3 });
  });
});
