import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import * as Y from "yjs";
import { applyStoredState } from "../../common/ydoc/ydoc-state";
import { collabHook } from "../../app/models/collab-hook.server";
import { loadAndRepair } from "../../app/models/document-state.server";
import { getDb } from "../../db/client";
import { appendUpdates, listQuarantine, loadDocumentState } from "../../db/queries/document-state";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor } from "../helpers/factories";
import { collabClient, cookieHeader, rawSocket, textOf, typeText, type Cookie } from "../helpers/collab";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
let cookie: Cookie;
let documentId: string;
const BASELINE = "Baseline text that must survive.";

beforeAll(async () => {
  process.env.COLLAB_COMPACT_MAX_UPDATES = "50";
  // A thousand handshakes in a row from one account and address: past the handshake limits.
  process.env.COLLAB_HANDSHAKE_ACCOUNT_BURST = "0";
  process.env.COLLAB_HANDSHAKE_ADDRESS_BURST = "0";
  server = await startTestServer();
  const coalition = await createCoalition();
  const user = await createUser();
  await addMember(coalition.id, user.id, "member");
  cookie = await sessionCookieFor(user.id);
  documentId = (await createDocument(coalition.id, user.id)).id;
  const author = new Y.Doc();
  typeText(author, BASELINE);
  await appendUpdates(getDb(), [{ documentId, data: Y.encodeStateAsUpdate(author), userId: null }]);
});
afterAll(async () => {
  await server?.close();
  for (const key of ["COLLAB_COMPACT_MAX_UPDATES", "COLLAB_HANDSHAKE_ACCOUNT_BURST", "COLLAB_HANDSHAKE_ADDRESS_BURST"]) delete process.env[key];
});

// A seeded generator: a failure can be replayed.
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const frame = (...parts: (number | Uint8Array)[]) => {
  const e = encoding.createEncoder();
  for (const p of parts) typeof p === "number" ? encoding.writeVarUint(e, p) : encoding.writeVarUint8Array(e, p);
  return encoding.toUint8Array(e);
};

/** Valid frames to mutate: updates from a fork of the document (inserts, formatting, deletes), state vectors, awareness. */
function seedFrames(): Uint8Array[] {
  const fork = new Y.Doc();
  const author = new Y.Doc();
  typeText(author, BASELINE);
  Y.applyUpdate(fork, Y.encodeStateAsUpdate(author));
  const updates: Uint8Array[] = [];
  fork.on("update", (u: Uint8Array) => updates.push(u));
  typeText(fork, " more");
  const frag = fork.getXmlFragment("default");
  const t = (frag.get(0) as Y.XmlElement).get(0) as Y.XmlText;
  t.format(0, 4, { bold: true });
  t.delete(t.length - 2, 2);
  const h = new Y.XmlElement("heading");
  h.setAttribute("level", "2");
  h.insert(0, [new Y.XmlText("Title")]);
  frag.insert(1, [h]);
  fork.getMap("meta").set("k", 1);
  return [
    ...updates.map((u) => frame(0, 2, u)),
    frame(0, 1, Y.encodeStateAsUpdate(fork)),
    frame(0, 0, Y.encodeStateVector(fork)),
    frame(1, new Uint8Array([1, 5, 1, ...new TextEncoder().encode('\u0002{}')])),
    new Uint8Array([3]),
  ];
}

function mutate(random: () => number, base: Uint8Array): Uint8Array {
  const bytes = Array.from(base);
  const n = 1 + Math.floor(random() * 4);
  for (let i = 0; i < n; i++) {
    const op = random();
    const at = Math.floor(random() * Math.max(1, bytes.length));
    if (op < 0.4) bytes[at] = Math.floor(random() * 256);
    else if (op < 0.6) bytes.splice(at, 1);
    else if (op < 0.75) bytes.splice(at, 0, Math.floor(random() * 256));
    else if (op < 0.9) bytes.length = at;
    else bytes[at] = bytes[at] ^ (1 << Math.floor(random() * 8));
  }
  return new Uint8Array(bytes);
}

async function burst(frames: Uint8Array[]): Promise<"closed" | "alive"> {
  const { ws, received } = await rawSocket(server.url, documentId, { origin: server.url, cookie: cookieHeader(cookie) });
  if (!ws) throw new Error("refused");
  const closedP = new Promise<"closed">((resolve) => ws.once("close", () => resolve("closed")));
  for (const f of frames) if (ws.readyState === ws.OPEN) ws.send(f);
  // Probe: a query-awareness is always answered with an awareness frame, unless we were closed.
  const seen = received.length;
  if (ws.readyState === ws.OPEN) ws.send(new Uint8Array([3]));
  const outcome = await Promise.race([
    closedP,
    new Promise<"alive">((resolve) => {
      const check = () => (received.slice(seen).some((f) => f[0] === 1) ? resolve("alive") : setTimeout(check, 2));
      check();
    }),
  ]);
  if (outcome === "alive") await closeSocket(ws);
  return outcome;
}

function closeSocket(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === ws.CLOSED) return resolve();
    ws.once("close", () => resolve());
    ws.close();
  });
}

describe("fuzz", () => {
  it("thousands of random and mutated frames: the server keeps serving and the document stays intact", async () => {
    const random = rng(0xc0ffee);
    const seeds = seedFrames();
    let sent = 0;
    let closedCount = 0;
    for (let round = 0; round < 1000; round++) {
      const frames: Uint8Array[] = [];
      for (let i = 0; i < 3; i++) {
        const r = random();
        if (r < 0.15) frames.push(new Uint8Array(Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256))));
        else if (r < 0.25) frames.push(new Uint8Array([Math.floor(random() * 4), ...Array.from({ length: Math.floor(random() * 16) }, () => Math.floor(random() * 256))]));
        else frames.push(mutate(random, seeds[Math.floor(random() * seeds.length)]));
      }
      sent += frames.length;
      if ((await burst(frames)) === "closed") closedCount++;
    }
    expect(sent).toBeGreaterThanOrEqual(3000);
    expect(closedCount).toBeGreaterThan(100); // most bursts held something the server refused

    // Still serving, and the live document equals the stored one, which loads cleanly.
    const c = collabClient(server.url, documentId, cookie);
    await c.synced();
    const live = textOf(c.doc);
    expect(live.length).toBeGreaterThan(0);
    await expect.poll(async () => textOf((await loadAndRepair(getDb(), documentId)).doc)).toBe(live);
    const state = await loadDocumentState(getDb(), documentId);
    expect(applyStoredState(new Y.Doc(), state).bad).toEqual([]);
    expect(await listQuarantine(getDb(), documentId)).toEqual([]);
    const stored = (await loadAndRepair(getDb(), documentId)).doc;
    expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(c.doc));
    expect(collabHook()!.metrics().refusals.malformed).toBeGreaterThan(50);
    // The apply path was reached, not only the decoder.
    const refusals = collabHook()!.metrics().refusals;
    expect((refusals["invalid-update"] ?? 0) + (refusals["missing-history"] ?? 0)).toBeGreaterThan(50);
    // And it still takes edits.
    typeText(c.doc, "!");
    await expect.poll(async () => textOf((await loadAndRepair(getDb(), documentId)).doc)).toBe(textOf(c.doc));
    c.destroy();
  });
});
