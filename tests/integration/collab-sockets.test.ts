import * as decoding from "lib0/decoding";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CloseCode, collabPath } from "../../app/lib/collab-protocol";
import { collabHook } from "../../app/models/collab-hook.server";
import { awarenessFrame, updateFrame } from "../../server/collab/protocol";
import * as Y from "yjs";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor } from "../helpers/factories";
import { closed, collabClient, cookieHeader, textOf, typeText, type CollabClient, type Cookie } from "../helpers/collab";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { getDb } from "../../db/client";

// Each test starts its own server with the limits under test set low (read from the environment at start).
let server: TestServer | undefined;
const clients: CollabClient[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const ws of sockets.splice(0)) ws.terminate();
  await server?.close();
  server = undefined;
  for (const key of Object.keys(process.env)) if (key.startsWith("COLLAB_")) delete process.env[key];
});

async function start(env: Record<string, string>) {
  Object.assign(process.env, env);
  server = await startTestServer();
  const coalition = await createCoalition();
  const doc = await createDocument(coalition.id, (await createUser()).id);
  const person = async (role: "member" | "observer" = "member") => {
    const u = await createUser();
    await addMember(coalition.id, u.id, role);
    return { id: u.id, cookie: await sessionCookieFor(u.id) };
  };
  return { server, doc, person };
}

/** A raw `ws` client (options such as autoPong: false), with every frame it receives collected. */
function raw(url: string, documentId: string, cookie: Cookie, options: WebSocket.ClientOptions = {}) {
  const ws = new WebSocket(url.replace(/^http/, "ws") + collabPath(documentId), { ...options, headers: { origin: url, cookie: cookieHeader(cookie) } });
  sockets.push(ws);
  const received: Uint8Array[] = [];
  let pings = 0;
  ws.on("message", (data) => received.push(new Uint8Array(data as Buffer)));
  ws.on("ping", () => pings++);
  const opened = new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return { ws, received, opened, pings: () => pings };
}

/** The HTTP answer to an upgrade that was refused (status and Retry-After), or "open". */
function handshake(url: string, documentId: string, cookie: Cookie): Promise<{ status: number; retryAfter: string | undefined } | "open"> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url.replace(/^http/, "ws") + collabPath(documentId), { headers: { origin: url, cookie: cookieHeader(cookie) } });
    ws.on("open", () => {
      resolve("open");
      ws.terminate();
    });
    ws.on("unexpected-response", (_req, res) => {
      resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"] as string | undefined });
      res.resume();
      ws.terminate();
    });
    ws.on("error", () => undefined);
  });
}

describe("sockets that are really there", () => {
  it("a client that stops answering pings is closed with NO_ANSWER and its presence leaves at once; one that answers stays", async () => {
    const { server, doc, person } = await start({ COLLAB_PING_AFTER_MS: "200", COLLAB_PONG_TIMEOUT_MS: "1500" });
    const watcher = collabClient(server.url, doc.id, (await person()).cookie);
    clients.push(watcher);
    await watcher.synced();

    const silent = raw(server.url, doc.id, (await person()).cookie, { autoPong: false });
    await silent.opened;
    silent.ws.send(awarenessFrame([{ clientId: 424242, clock: 1, json: JSON.stringify({ cursor: null }) }]));
    await expect.poll(() => watcher.provider.awareness.getStates().has(424242)).toBe(true);

    // Answers pings (ws answers them itself) but sends nothing else.
    const answering = raw(server.url, doc.id, (await person()).cookie);
    await answering.opened;

    expect((await closed(silent.ws)).code).toBe(CloseCode.NO_ANSWER);
    await expect.poll(() => watcher.provider.awareness.getStates().has(424242)).toBe(false);
    expect(collabHook()!.metrics().closes.NO_ANSWER).toBe(1);

    // The answering client was pinged, answered, and was pinged again later: still connected.
    await expect.poll(() => answering.pings(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(answering.ws.readyState).toBe(WebSocket.OPEN);
    expect(watcher.provider.wsconnected).toBe(true);
    expect(collabHook()!.metrics().closes.NO_ANSWER).toBe(1);
  }, 60_000);
});

describe("handshake rate limits", () => {
  it("a burst past the per-account limit is answered 429 with Retry-After before the upgrade; other accounts are not affected", async () => {
    const { server, doc, person } = await start({ COLLAB_HANDSHAKE_ACCOUNT_BURST: "3", COLLAB_HANDSHAKE_ACCOUNT_PER_SEC: "0.01" });
    const alice = await person();
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await handshake(server.url, doc.id, alice.cookie));
    expect(answers.slice(0, 3)).toEqual(["open", "open", "open"]);
    for (const a of answers.slice(3)) {
      expect(a).toMatchObject({ status: 429 });
      expect(Number((a as { retryAfter: string }).retryAfter)).toBeGreaterThanOrEqual(1);
    }
    expect(collabHook()!.metrics().refusals["upgrade-429-handshakes-per-account"]).toBe(2);
    const bob = await person();
    expect(await handshake(server.url, doc.id, bob.cookie)).toBe("open");
  }, 60_000);

  it("a burst past the per-address limit is answered 429 with Retry-After, whoever signs in", async () => {
    const { server, doc, person } = await start({ COLLAB_HANDSHAKE_ADDRESS_BURST: "4", COLLAB_HANDSHAKE_ADDRESS_PER_SEC: "0.01" });
    const people = await Promise.all([person(), person(), person(), person(), person()]);
    const answers = [];
    for (const p of people) answers.push(await handshake(server.url, doc.id, p.cookie));
    expect(answers.slice(0, 4)).toEqual(["open", "open", "open", "open"]);
    expect(answers[4]).toMatchObject({ status: 429 });
    expect(Number((answers[4] as { retryAfter: string }).retryAfter)).toBeGreaterThanOrEqual(1);
    expect(collabHook()!.metrics().refusals["upgrade-429-handshakes-per-address"]).toBe(1);
  }, 60_000);
});

describe("writing without permission", () => {
  it("an observer's update is answered with permission-denied and a sync step 1; nothing is applied", async () => {
    const { server, doc, person } = await start({});
    const writer = collabClient(server.url, doc.id, (await person()).cookie);
    clients.push(writer);
    await writer.synced();
    typeText(writer.doc, "kept");

    const observer = raw(server.url, doc.id, (await person("observer")).cookie);
    await observer.opened;
    const intruder = new Y.Doc();
    typeText(intruder, "not allowed");
    const before = observer.received.length;
    observer.ws.send(updateFrame(Y.encodeStateAsUpdate(intruder)));

    // The auth message (type 2, permission denied 0, a reason), then a sync step 1 (type 0, step 0).
    await expect.poll(() => observer.received.slice(before).some((f) => f[0] === 0 && f[1] === 0)).toBe(true);
    const replies = observer.received.slice(before).filter((f) => f[0] === 2 || (f[0] === 0 && f[1] === 0));
    const d = decoding.createDecoder(replies[0]);
    expect(decoding.readVarUint(d)).toBe(2);
    expect(decoding.readVarUint(d)).toBe(0);
    expect(decoding.readVarString(d)).toBe("read-only");
    expect(observer.ws.readyState).toBe(WebSocket.OPEN);
    expect(collabHook()!.metrics().refusals["read-only"]).toBe(1);

    // Nothing was applied: a newcomer sees only the writer's text.
    const later = collabClient(server.url, doc.id, (await person()).cookie);
    clients.push(later);
    await later.synced();
    expect(textOf(later.doc)).toBe("kept");
  }, 60_000);
});

describe("document events", () => {
  it("a restore is announced to the document's open sockets: who restored which version (message type 100)", async () => {
    const { server, doc, person } = await start({});
    const coalitionId = (await getDb().selectFrom("documents").select("coalition_id").where("id", "=", doc.id).executeTakeFirstOrThrow()).coalition_id;
    const slug = (await getDb().selectFrom("coalitions").select("slug").where("id", "=", coalitionId).executeTakeFirstOrThrow()).slug;
    const ada = await createUser({ name: "Ada Lovelace" });
    await addMember(coalitionId, ada.id, "coordinator");
    const http = new TestClient(server.url);
    const adaCookie = await sessionCookieFor(ada.id);
    http.cookies.set(adaCookie.name, adaCookie.value);

    const editor = collabClient(server.url, doc.id, (await person()).cookie);
    clients.push(editor);
    await editor.synced();
    typeText(editor.doc, "First words.");
    await expect.poll(async () => (await http.post(`/coalitions/${slug}/documents/${doc.id}?index`, { intent: "publish", label: "One", confirm: "yes" })).status).toBe(200);
    const version = await getDb().selectFrom("document_versions").select(["id", "number"]).where("document_id", "=", doc.id).executeTakeFirstOrThrow();
    typeText(editor.doc, " More words.");

    const listener = raw(server.url, doc.id, (await person()).cookie);
    await listener.opened;
    const res = await http.post(`/coalitions/${slug}/outputs/${version.id}?index`, { intent: "restore", confirm: "yes" });
    expect(res.status).toBe(200);

    await expect.poll(() => listener.received.some((f) => f[0] === 100)).toBe(true);
    const frame = listener.received.find((f) => f[0] === 100)!;
    const d = decoding.createDecoder(frame);
    expect(decoding.readVarUint(d)).toBe(100);
    expect(JSON.parse(decoding.readVarString(d))).toEqual({ type: "restored", by: { id: ada.id, name: "Ada Lovelace" }, version: version.number });
    // The stock provider ignores the unknown type: it stays connected and receives the restored text.
    await expect.poll(() => textOf(editor.doc)).toBe("First words.");
    expect(editor.provider.wsconnected).toBe(true);
  }, 60_000);
});
