import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CloseCode } from "../../app/lib/collab-protocol";
import { collabHook } from "../../app/models/collab-hook.server";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor } from "../helpers/factories";
import { closed, collabClient, cookieHeader, rawSocket, textOf, typeText, type CollabClient } from "../helpers/collab";
import { startTestServer, type TestServer } from "../helpers/server";

// Each test starts its own server with the limit under test set low (limits are read from the
// environment when the server starts).
let server: TestServer | undefined;
const clients: CollabClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = undefined;
  for (const key of Object.keys(process.env)) if (key.startsWith("COLLAB_")) delete process.env[key];
});

async function start(env: Record<string, string>) {
  Object.assign(process.env, env);
  server = await startTestServer();
  const coalition = await createCoalition();
  const doc = await createDocument(coalition.id, (await createUser()).id);
  const member = async () => {
    const u = await createUser();
    await addMember(coalition.id, u.id, "member");
    return { id: u.id, cookie: await sessionCookieFor(u.id) };
  };
  return { server, doc, member };
}

describe("limits", () => {
  it("connections per user: past the limit the socket is closed with TOO_MANY_CONNECTIONS", async () => {
    const { server, doc, member } = await start({ COLLAB_MAX_CONNECTIONS_PER_USER: "3" });
    const alice = await member();
    const headers = { origin: server.url, cookie: cookieHeader(alice.cookie) };
    const open = await Promise.all([1, 2, 3].map(() => rawSocket(server.url, doc.id, headers)));
    expect(open.every((o) => o.ws)).toBe(true);
    const fourth = await rawSocket(server.url, doc.id, headers);
    expect((await closed(fourth.ws!)).code).toBe(CloseCode.TOO_MANY_CONNECTIONS);
    // Another user is not affected; and a slot frees when one closes.
    const bob = await member();
    const other = await rawSocket(server.url, doc.id, { origin: server.url, cookie: cookieHeader(bob.cookie) });
    expect(other.ws).toBeTruthy();
    open[0].ws!.close();
    await closed(open[0].ws!);
    await expect.poll(() => collabHook()!.metrics().connections).toBe(3);
    const again = await rawSocket(server.url, doc.id, headers);
    expect(again.ws).toBeTruthy();
    // Served, not refused: the server's first message is its sync step 1 (type 0, step 0).
    await expect.poll(() => again.received.length).toBeGreaterThan(0);
    expect([...again.received[0].subarray(0, 2)]).toEqual([0, 0]);
    expect(again.ws!.readyState).toBe(again.ws!.OPEN);
    for (const s of [open[1], open[2], other, again]) s.ws!.close();
  });

  it("connections per document", async () => {
    const { server, doc, member } = await start({ COLLAB_MAX_CONNECTIONS_PER_DOCUMENT: "2" });
    const users = await Promise.all([member(), member(), member()]);
    const socks = [];
    for (const u of users) socks.push(await rawSocket(server.url, doc.id, { origin: server.url, cookie: cookieHeader(u.cookie) }));
    expect((await closed(socks[2].ws!)).code).toBe(CloseCode.TOO_MANY_CONNECTIONS);
    expect(collabHook()!.metrics().refusals["too-many-connections-document"]).toBe(1);
    socks[0].ws!.close();
    socks[1].ws!.close();
  });

  it("a client sending faster than the rate limit is closed with RATE_LIMITED", async () => {
    const { server, doc, member } = await start({ COLLAB_RATE_MESSAGES_PER_SEC: "5", COLLAB_RATE_MESSAGES_BURST: "20" });
    const alice = await member();
    const { ws } = await rawSocket(server.url, doc.id, { origin: server.url, cookie: cookieHeader(alice.cookie) });
    for (let i = 0; i < 200; i++) ws!.send(new Uint8Array([3])); // query awareness: tiny and valid
    expect((await closed(ws!)).code).toBe(CloseCode.RATE_LIMITED);
    expect(collabHook()!.metrics().refusals["rate-limited"]).toBe(1);
  });

  it("awareness faster than its rate is throttled (dropped) without closing the connection", async () => {
    const { server, doc, member } = await start({ COLLAB_RATE_AWARENESS_PER_SEC: "1", COLLAB_RATE_AWARENESS_BURST: "3" });
    const a = collabClient(server.url, doc.id, (await member()).cookie);
    clients.push(a);
    await a.synced();
    for (let i = 0; i < 30; i++) a.provider.awareness.setLocalStateField("cursor", { at: i });
    await expect.poll(() => collabHook()!.metrics().refusals["awareness-throttled"] ?? 0).toBeGreaterThan(20);
    expect(a.provider.wsconnected).toBe(true);
  });

  it("a slow reader whose backlog passes the threshold is disconnected instead of growing memory", async () => {
    const { server, doc, member } = await start({ COLLAB_MAX_BUFFERED_BYTES: String(256 * 1024) });
    const reader = await member();
    const { ws } = await rawSocket(server.url, doc.id, { origin: server.url, cookie: cookieHeader(reader.cookie) });
    (ws as unknown as { _socket: { pause(): void } })._socket.pause(); // stops reading: the server's send buffer grows
    const writer = collabClient(server.url, doc.id, (await member()).cookie);
    clients.push(writer);
    await writer.synced();
    const chunk = "x".repeat(400_000);
    for (let i = 0; i < 60 && !(collabHook()!.metrics().refusals["slow-reader"] ?? 0); i++) {
      typeText(writer.doc, chunk);
      await new Promise((r) => setTimeout(r, 20));
    }
    await expect.poll(() => collabHook()!.metrics().refusals["slow-reader"] ?? 0).toBe(1);
    expect(collabHook()!.metrics().closes.SLOW_READER).toBe(1);
    expect(writer.provider.wsconnected).toBe(true);
    ws!.terminate();
  });
});

describe("metrics endpoint", () => {
  it("is for site administrators only", async () => {
    const { server, doc, member } = await start({});
    const admin = await createUser({ isSiteAdmin: true });
    const adminCookie = await sessionCookieFor(admin.id);
    const alice = await member();
    const c = collabClient(server.url, doc.id, alice.cookie);
    clients.push(c);
    await c.synced();
    typeText(c.doc, "counted");
    await expect.poll(() => collabHook()!.metrics().writes).toBeGreaterThan(0);

    const anon = await fetch(`${server.url}/admin/metrics`, { redirect: "manual" });
    expect([302, 303]).toContain(anon.status);
    const member403 = await fetch(`${server.url}/admin/metrics`, { headers: { cookie: cookieHeader(alice.cookie) }, redirect: "manual" });
    expect(member403.status).toBe(403);
    const res = await fetch(`${server.url}/admin/metrics`, { headers: { cookie: cookieHeader(adminCookie) } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.collab.connections).toBe(1);
    expect(body.collab.documentsLoaded).toBe(1);
    expect(body.collab.updatesIn).toBeGreaterThan(0);
    expect(body.collab.bytesIn).toBeGreaterThan(0);
    expect(body.collab.refusals).toBeTypeOf("object");
    // Latency histograms: every commit observed (cumulative buckets ending at the count), and an
    // edit is held at least as long as its commit took.
    const { commitMs, holdMs } = body.collab;
    expect(commitMs.count).toBe(body.collab.writes);
    expect(holdMs.count).toBeGreaterThanOrEqual(commitMs.count);
    expect(commitMs.buckets["+Inf"]).toBe(commitMs.count);
    const bounds = Object.values(commitMs.buckets) as number[];
    expect(bounds).toEqual([...bounds].sort((a, b) => a - b));
    expect(holdMs.sumMs).toBeGreaterThanOrEqual(commitMs.sumMs);
    expect(textOf(c.doc)).toBe("counted");
    void Y;
  });
});
