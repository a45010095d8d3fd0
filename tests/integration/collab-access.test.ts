import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CloseCode } from "../../app/lib/collab-protocol";
import { collabHook } from "../../app/models/collab-hook.server";
import { emitDomainEvent } from "../../app/models/events.server";
import { hashSessionId } from "../../app/models/session-adapter.server";
import { loadAndRepair } from "../../app/models/document-state.server";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor } from "../helpers/factories";
import { collabClient, cookieHeader, rawSocket, textOf, typeText, type CollabClient } from "../helpers/collab";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
const clients: CollabClient[] = [];
const track = (c: CollabClient) => (clients.push(c), c);

beforeAll(async () => {
  process.env.COLLAB_SESSION_CHECK_MS = "100";
  server = await startTestServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
});

async function setup(visibility: "public" | "private" = "private") {
  const coalition = await createCoalition({ visibility });
  const alice = await createUser({ name: "Alice Author" });
  const bob = await createUser({ name: "Bob Builder" });
  const olga = await createUser({ name: "Olga Observer" });
  await addMember(coalition.id, alice.id, "member");
  await addMember(coalition.id, bob.id, "coordinator");
  await addMember(coalition.id, olga.id, "observer");
  const doc = await createDocument(coalition.id, alice.id);
  return {
    coalition,
    doc,
    alice: { ...alice, cookie: await sessionCookieFor(alice.id) },
    bob: { ...bob, cookie: await sessionCookieFor(bob.id) },
    olga: { ...olga, cookie: await sessionCookieFor(olga.id) },
  };
}

const storedText = async (documentId: string) => textOf((await loadAndRepair(getDb(), documentId)).doc);

describe("upgrade authorisation", () => {
  it("refuses with 401/403/404 before any websocket exists", async () => {
    const { doc, alice, coalition } = await setup("private");
    const origin = server.url;
    const outsider = await createUser();
    const outsiderCookie = await sessionCookieFor(outsider.id);
    const before = collabHook()!.metrics().connectionsTotal;

    expect((await rawSocket(server.url, doc.id, { origin })).status).toBe(401);
    expect((await rawSocket(server.url, doc.id, { origin, cookie: "cw_session=not-a-session" })).status).toBe(401);
    expect((await rawSocket(server.url, doc.id, { origin: "http://evil.example", cookie: cookieHeader(alice.cookie) })).status).toBe(403);
    expect((await rawSocket(server.url, doc.id, { cookie: cookieHeader(alice.cookie) })).status).toBe(403); // no Origin at all
    expect((await rawSocket(server.url, doc.id, { origin, cookie: cookieHeader(outsiderCookie) })).status).toBe(404);
    expect((await rawSocket(server.url, "no-such-document", { origin, cookie: cookieHeader(alice.cookie) })).status).toBe(404);
    expect((await rawSocket(server.url, "bad/id", { origin, cookie: cookieHeader(alice.cookie) })).status).toBe(404);

    // A signed-in non-member of a PUBLIC coalition sees the coalition but not its drafts: 403.
    const pub = await setup("public");
    expect((await rawSocket(server.url, pub.doc.id, { origin, cookie: cookieHeader(outsiderCookie) })).status).toBe(403);

    const metrics = collabHook()!.metrics();
    expect(metrics.connectionsTotal).toBe(before);
    expect(metrics.refusals["upgrade-401-no-session"]).toBeGreaterThanOrEqual(2);
    expect(metrics.refusals["upgrade-404-not-visible"]).toBeGreaterThanOrEqual(1);
    void coalition;

    const ok = await rawSocket(server.url, doc.id, { origin, cookie: cookieHeader(alice.cookie) });
    expect(ok.status).toBeNull();
    ok.ws!.close();
  });
});

describe("editing together", () => {
  it("two members converge, and what they typed is stored", async () => {
    const { doc, alice, bob } = await setup();
    const a = track(collabClient(server.url, doc.id, alice.cookie));
    const b = track(collabClient(server.url, doc.id, bob.cookie));
    await Promise.all([a.synced(), b.synced()]);
    typeText(a.doc, "Hello");
    await expect.poll(() => textOf(b.doc)).toBe("Hello");
    typeText(b.doc, ", world");
    await expect.poll(() => textOf(a.doc)).toBe("Hello, world");
    await expect.poll(() => storedText(doc.id)).toBe("Hello, world"); // relayed at once, committed just after
    expect(collabHook()!.presence(doc.id).map((p) => p.name).sort()).toEqual(["Alice Author", "Bob Builder"]);

    // A third client joining later gets everything in its first sync reply.
    const c = track(collabClient(server.url, doc.id, alice.cookie));
    await c.synced();
    expect(textOf(c.doc)).toBe("Hello, world");
  });

  it("observers read live but their edits are dropped: never stored, never relayed", async () => {
    const { doc, alice, olga } = await setup();
    const a = track(collabClient(server.url, doc.id, alice.cookie));
    await a.synced();
    typeText(a.doc, "Draft");
    await expect.poll(() => storedText(doc.id)).toBe("Draft");

    const o = track(collabClient(server.url, doc.id, olga.cookie));
    await o.synced(); // its sync step 1 is answered
    expect(textOf(o.doc)).toBe("Draft");
    const refusedBefore = collabHook()!.metrics().refusals["read-only"] ?? 0;
    typeText(o.doc, " by an observer");
    await expect.poll(() => collabHook()!.metrics().refusals["read-only"] ?? 0).toBeGreaterThan(refusedBefore);

    // Alice keeps typing; Olga receives it, Alice never receives Olga's text.
    typeText(a.doc, "!");
    await expect.poll(() => textOf(o.doc)).toContain("!");
    expect(textOf(a.doc)).toBe("Draft!");
    // Relayed at once, stored a moment later (decision 0002): the store ends with Alice's text only.
    await expect.poll(() => storedText(doc.id)).toBe("Draft!");
    expect(o.provider.wsconnected).toBe(true);
  });
});

describe("changes reach open sockets", () => {
  it("demotion to observer makes the socket read-only at once and closes it with ROLE_CHANGED", async () => {
    const { doc, coalition, alice, bob } = await setup();
    const a = track(collabClient(server.url, doc.id, alice.cookie));
    const b = track(collabClient(server.url, doc.id, bob.cookie));
    await Promise.all([a.synced(), b.synced()]);
    await getDb().updateTable("memberships").set({ role: "observer" }).where("coalition_id", "=", coalition.id).where("user_id", "=", alice.id).execute();
    emitDomainEvent({ type: "membership.changed", coalitionId: coalition.id, userId: alice.id, role: "observer" });
    await expect.poll(() => a.closes.map((c) => c.code)).toContain(CloseCode.ROLE_CHANGED);
    // The provider reconnects — read-only now.
    await a.synced();
    typeText(a.doc, "after demotion");
    typeText(b.doc, "bob");
    await expect.poll(() => textOf(a.doc)).toContain("bob");
    expect(textOf(b.doc)).toBe("bob");
    await expect.poll(() => storedText(doc.id)).toBe("bob");
  });

  it("removal closes with ACCESS_REVOKED and the provider does not come back", async () => {
    const { doc, coalition, alice } = await setup();
    const a = track(collabClient(server.url, doc.id, alice.cookie));
    await a.synced();
    const closedEvent = new Promise<{ code: number }>((resolve) => a.provider.once("closed", (e) => resolve(e)));
    await getDb().deleteFrom("memberships").where("coalition_id", "=", coalition.id).where("user_id", "=", alice.id).execute();
    emitDomainEvent({ type: "membership.changed", coalitionId: coalition.id, userId: alice.id, role: null });
    expect((await closedEvent).code).toBe(CloseCode.ACCESS_REVOKED);
    expect(a.provider.wsconnected).toBe(false);
    expect((await rawSocket(server.url, doc.id, { origin: server.url, cookie: cookieHeader(alice.cookie) })).status).toBe(404);
  });

  it("logging out closes that session's sockets with SESSION_ENDED, and other sessions stay", async () => {
    const { doc, alice } = await setup();
    const other = await sessionCookieFor(alice.id);
    const a = track(collabClient(server.url, doc.id, alice.cookie));
    const a2 = track(collabClient(server.url, doc.id, other));
    await Promise.all([a.synced(), a2.synced()]);
    const closedEvent = new Promise<{ code: number }>((resolve) => a.provider.once("closed", (e) => resolve(e)));
    const res = await fetch(`${server.url}/logout`, { method: "POST", headers: { origin: server.url, cookie: cookieHeader(alice.cookie) }, redirect: "manual" });
    expect(res.status).toBeLessThan(400);
    expect((await closedEvent).code).toBe(CloseCode.SESSION_ENDED);
    expect(a2.provider.wsconnected).toBe(true);
    typeText(a2.doc, "still here");
    await expect.poll(() => storedText(doc.id)).toBe("still here");
  });

  it("a session that expires while the socket is open ends it with SESSION_ENDED", async () => {
    const { doc, alice } = await setup();
    const a = track(collabClient(server.url, doc.id, alice.cookie));
    await a.synced();
    const closedEvent = new Promise<{ code: number }>((resolve) => a.provider.once("closed", (e) => resolve(e)));
    await getDb().updateTable("sessions").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where("id", "=", hashSessionId(alice.cookie.value)).execute();
    expect((await closedEvent).code).toBe(CloseCode.SESSION_ENDED);
  });

  it("a password change ends the other sessions' sockets", async () => {
    const { doc, alice } = await setup();
    const other = await sessionCookieFor(alice.id);
    const a2 = track(collabClient(server.url, doc.id, other));
    await a2.synced();
    const closedEvent = new Promise<{ code: number }>((resolve) => a2.provider.once("closed", (e) => resolve(e)));
    emitDomainEvent({ type: "user.sessions-ended", userId: alice.id, exceptSessionIdHash: "keep-none" });
    expect((await closedEvent).code).toBe(CloseCode.SESSION_ENDED);
  });
});

describe("document state changes", () => {
  it("archiving a document closes its sockets with DOCUMENT_GONE; it then opens read-only", async () => {
    const { doc, alice } = await setup();
    const a = track(collabClient(server.url, doc.id, alice.cookie));
    await a.synced();
    typeText(a.doc, "final words");
    await expect.poll(() => storedText(doc.id)).toBe("final words");
    const closedEvent = new Promise<{ code: number }>((resolve) => a.provider.once("closed", (e) => resolve(e)));
    await getDb().updateTable("documents").set({ archived_at: new Date().toISOString() }).where("id", "=", doc.id).execute();
    emitDomainEvent({ type: "document.changed", documentId: doc.id, coalitionId: doc.coalition_id });
    expect((await closedEvent).code).toBe(CloseCode.DOCUMENT_GONE);
    const reader = track(collabClient(server.url, doc.id, alice.cookie));
    await reader.synced();
    expect(textOf(reader.doc)).toBe("final words");
    expect(collabHook()!.presence(doc.id).map((p) => p.readOnly)).toEqual([true]);
    typeText(reader.doc, " and more");
    await expect.poll(() => collabHook()!.metrics().refusals["read-only"] ?? 0).toBeGreaterThan(0);
    expect(await storedText(doc.id)).toBe("final words");
  });
});

describe("awareness", () => {
  it("binds client ids to their connection and stamps the user from the server's record", async () => {
    const { doc, alice, bob } = await setup();
    const a = track(collabClient(server.url, doc.id, alice.cookie));
    const b = track(collabClient(server.url, doc.id, bob.cookie));
    await Promise.all([a.synced(), b.synced()]);
    b.provider.awareness.setLocalStateField("cursor", null);
    a.provider.awareness.setLocalStateField("user", { name: "Bob Builder", color: "#000000" }); // lies about who she is
    const position = { type: null, tname: null, item: { client: a.doc.clientID, clock: 1 }, assoc: 0 };
    a.provider.awareness.setLocalStateField("userId", bob.id); // another way to lie: dropped, not relayed
    a.provider.awareness.setLocalStateField("cursor", { anchor: position, head: position });
    await expect.poll(() => (b.provider.awareness.getStates().get(a.doc.clientID) as { cursor?: unknown } | undefined)?.cursor).toEqual({ anchor: position, head: position });
    expect(Object.keys(b.provider.awareness.getStates().get(a.doc.clientID)!).sort()).toEqual(["cursor", "user"]);
    const seen = b.provider.awareness.getStates().get(a.doc.clientID) as { user: { name: string; id: string; color: string } };
    expect(seen.user.name).toBe("Alice Author");
    expect(seen.user.id).toBe(alice.id);
    expect(seen.user.color).not.toBe("#000000");

    // Impersonation: Alice's connection announces Bob's client id with a forged state, and tries to remove it.
    const { encodeAwarenessUpdate, Awareness } = await import("y-protocols/awareness");
    const forger = new Awareness(new Y.Doc());
    (forger as unknown as { clientID: number }).clientID = b.doc.clientID;
    forger.setLocalState({ user: { name: "Forged" }, cursor: { at: 99 } });
    const states = forger.getStates();
    states.set(b.doc.clientID, { user: { name: "Forged" }, cursor: { at: 99 } });
    forger.meta.set(b.doc.clientID, { clock: 1000, lastUpdated: Date.now() });
    const forged = encodeAwarenessUpdate(forger, [b.doc.clientID]);
    const { encoding } = await import("lib0");
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, 1);
    encoding.writeVarUint8Array(enc, forged);
    const refusedBefore = collabHook()!.metrics().refusals["awareness-foreign-client"] ?? 0;
    a.provider.ws!.send(encoding.toUint8Array(enc));
    await expect.poll(() => collabHook()!.metrics().refusals["awareness-foreign-client"] ?? 0).toBe(refusedBefore + 1);
    // Bob's state as others see it is untouched.
    const c = track(collabClient(server.url, doc.id, alice.cookie));
    await c.synced();
    await expect.poll(() => (c.provider.awareness.getStates().get(b.doc.clientID) as { user?: { name: string } } | undefined)?.user?.name).toBe("Bob Builder");
    expect((c.provider.awareness.getStates().get(b.doc.clientID) as { cursor?: unknown }).cursor).toBeNull();
    forger.destroy();
  });
});
