import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { setConfig, parseConfig } from "../../app/lib/config.server";
import { loadAndRepair } from "../../app/models/document-state.server";
import { closeDb, getDb, openDatabase, setDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { getLogger } from "../../server/logger";
import { createCollabServer, type CollabServer } from "../../server/collab/index";
import { appAccessEvents } from "../../server/collab-adapters/access-events";
import { appAuthorizer } from "../../server/collab-adapters/authorizer";
import { appDocumentStore } from "../../server/collab-adapters/document-store";
import type { DocumentWriter } from "../../db/queries/document-writer";
import type { CollabRelay, RelayMessage } from "../../server/collab/relay";
import { collabClient, textOf, typeSlowly, typeText, type CollabClient, type Cookie } from "../helpers/collab";
import { createTestPgDatabase } from "../helpers/pg";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor } from "../helpers/factories";

// Two collaboration servers on one database, joined by an in-memory relay that can drop messages
// (as Redis pub/sub does during an outage): the seam a multi-instance deployment plugs Redis into.
type Listener = (documentId: string, message: RelayMessage) => void;
const bus = { listeners: new Map<string, Listener[]>(), dropFrom: new Set<string>() };
function relay(name: string): CollabRelay {
  return {
    publish(documentId, message) {
      if (bus.dropFrom.has(name)) return;
      for (const [other, ls] of bus.listeners) if (other !== name) for (const l of ls) queueMicrotask(() => l(documentId, message));
    },
    onMessage(handler) {
      bus.listeners.set(name, [...(bus.listeners.get(name) ?? []), handler]);
      return () => bus.listeners.set(name, (bus.listeners.get(name) ?? []).filter((h) => h !== handler));
    },
    async close() {},
  };
}

const instances: { http: Server; collab: CollabServer; url: string }[] = [];
const clients: CollabClient[] = [];
let documentId: string;
let cookies: Cookie[];
let pgDb: { url: string; drop(): Promise<void> } | null = null;

async function instance(name: string) {
  const r = relay(name);
  const collab = createCollabServer({ authorizer: appAuthorizer(getDb(), undefined), store: appDocumentStore(getDb(), { relay: r }), events: appAccessEvents, logger: getLogger(), relay: r, limits: { compactMaxUpdates: 10 } });
  const http = createServer();
  http.on("upgrade", (req, socket, head) => void collab.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  instances.push({ http, collab, url });
  return url;
}

beforeAll(async () => {
  setConfig(parseConfig({ LOG_LEVEL: "silent" }));
  getLogger().level = "silent";
  pgDb = process.env.TEST_PG_URL ? await createTestPgDatabase(process.env.TEST_PG_URL) : null;
  setDb(openDatabase(pgDb?.url ?? "file::memory:"));
  await migrateToLatest(getDb());
  const coalition = await createCoalition();
  cookies = [];
  for (let i = 0; i < 2; i++) {
    const u = await createUser();
    await addMember(coalition.id, u.id, "member");
    cookies.push(await sessionCookieFor(u.id));
  }
  documentId = (await createDocument(coalition.id, (await createUser()).id)).id;
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const i of instances) {
    await i.collab.close();
    await new Promise((r) => i.http.close(r));
  }
  await closeDb();
  await pgDb?.drop();
});

describe("relay seam (two instances, one database)", () => {
  it("clients on different instances converge; a compaction never deletes rows its copy has not seen", async () => {
    const [urlA, urlB] = [await instance("a"), await instance("b")];
    const a = collabClient(urlA, documentId, cookies[0]);
    const b = collabClient(urlB, documentId, cookies[1]);
    clients.push(a, b);
    await Promise.all([a.synced(), b.synced()]);
    typeText(a.doc, "A");
    await expect.poll(() => textOf(b.doc)).toBe("A");
    typeText(b.doc, "B");
    await expect.poll(() => textOf(a.doc)).toBe("AB");

    // B's messages are lost on the way (an outage); A keeps typing past its compaction threshold.
    bus.dropFrom.add("b");
    for (const ch of "lost?") typeText(b.doc, ch);
    await expect.poll(async () => textOf((await loadAndRepair(getDb(), documentId)).doc)).toBe("ABlost?");
    expect(textOf(a.doc)).toBe("AB");
    await typeSlowly(a.doc, "0123456789abcdefghij");
    // A's compaction read the log first: its snapshot covers B's rows, and A's client got them too.
    await expect.poll(() => textOf(a.doc)).toContain("lost?");
    await expect.poll(async () => (await getDb().selectFrom("document_snapshots").select("last_seq").where("document_id", "=", documentId).executeTakeFirst()) !== undefined).toBe(true);
    // Once A's last edits are committed (a group commit comes at most every COLLAB_COMMIT_INTERVAL_MS).
    const stored = async () => textOf((await loadAndRepair(getDb(), documentId)).doc);
    await expect.poll(async () => (await stored()).replace("lost?", ""), { timeout: 5000 }).toBe("AB0123456789abcdefghij");
    // A's compaction may catch B's rows up while A is still typing: A's later characters then follow them.
    expect(await stored()).toContain("lost?");
    bus.dropFrom.clear();
    typeText(b.doc, "!");
    await expect.poll(() => textOf(a.doc)).toContain("!");
    const merged = new Y.Doc();
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(a.doc));
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(b.doc));
    await expect.poll(async () => textOf((await loadAndRepair(getDb(), documentId)).doc)).toBe(textOf(merged));
  });
});

describe("a failed commit", () => {
  it("closes the document's sockets with DOCUMENT_RELOADED (the edit was relayed at once, not stored), and the edits are stored on reconnect", async () => {
    const { kyselyDocumentWriter } = await import("../../db/queries/document-writer");
    const real = kyselyDocumentWriter(getDb());
    let failing = false;
    const writer: DocumentWriter = { ...real, append: (rows) => (failing ? Promise.reject(new Error("disk full")) : real.append(rows)) };
    const collab = createCollabServer({ authorizer: appAuthorizer(getDb(), undefined), store: appDocumentStore(getDb(), { writer }), events: appAccessEvents, logger: getLogger() });
    const http = createServer();
    http.on("upgrade", (req, socket, head) => void collab.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    instances.push({ http, collab, url: "" });
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const id = (await createDocument((await createCoalition()).id, (await createUser()).id)).id;
    const coalitionId = (await getDb().selectFrom("documents").select("coalition_id").where("id", "=", id).executeTakeFirstOrThrow()).coalition_id;
    const people: Cookie[] = [];
    for (let i = 0; i < 2; i++) {
      const u = await createUser();
      await addMember(coalitionId, u.id, "member");
      people.push(await sessionCookieFor(u.id));
    }
    const a = collabClient(url, id, people[0]);
    const b = collabClient(url, id, people[1]);
    clients.push(a, b);
    await Promise.all([a.synced(), b.synced()]);
    typeText(a.doc, "kept");
    await expect.poll(() => textOf(b.doc)).toBe("kept");

    failing = true;
    typeText(a.doc, " + unsaved");
    await expect.poll(() => a.closes.map((c) => c.code)).toContain(4006);
    expect(textOf(b.doc)).toBe("kept + unsaved"); // relayed at once, before its commit failed
    expect(textOf((await loadAndRepair(getDb(), id)).doc)).toBe("kept"); // not stored
    expect(collab.metrics().documentsLoaded).toBeLessThanOrEqual(1);

    failing = false; // storage is back: the provider reconnects and its sync step 2 brings the edit again
    await expect.poll(() => textOf(b.doc), { timeout: 15_000 }).toBe("kept + unsaved");
    await expect.poll(async () => textOf((await loadAndRepair(getDb(), id)).doc)).toBe("kept + unsaved");
  });
});
