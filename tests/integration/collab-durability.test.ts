import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CloseCode } from "../../app/lib/collab-protocol";
import { loadAndRepair } from "../../app/models/document-state.server";
import { closeDb, getDb, openDatabase, setDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { collabClient, textOf, typeText, type CollabClient, type Cookie } from "../helpers/collab";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor } from "../helpers/factories";
import { spawnServer, type SpawnedServer } from "../helpers/spawn-server";

// The server runs as a child process on a SQLite file this test also opens; SIGKILL is a crash.
let dir: string;
let databaseUrl: string;
let documentId: string;
let slug: string;
let cookies: Cookie[];
let child: SpawnedServer | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cw-collab-durability-"));
  databaseUrl = `file:${join(dir, "workspace.db")}`;
  setDb(openDatabase(databaseUrl));
  await migrateToLatest(getDb());
  const coalition = await createCoalition({ visibility: "private" });
  slug = coalition.slug;
  cookies = [];
  for (let i = 0; i < 3; i++) {
    const u = await createUser();
    await addMember(coalition.id, u.id, "member");
    cookies.push(await sessionCookieFor(u.id));
  }
  documentId = (await createDocument(coalition.id, (await createUser()).id)).id;
});
afterAll(async () => {
  await child?.kill();
  await closeDb();
  rmSync(dir, { recursive: true, force: true });
});

/** A client that types continuously and records every update it receives from the server. */
function typist(url: string, cookie: Cookie, letter: string) {
  const client = collabClient(url, documentId, cookie);
  const received: Uint8Array[] = [];
  client.doc.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin === client.provider) received.push(update);
  });
  let timer: NodeJS.Timeout | undefined;
  return {
    client,
    received,
    start() {
      timer = setInterval(() => typeText(client.doc, letter), 3);
    },
    stop() {
      clearInterval(timer);
    },
  };
}

/** A sync step 1's state vector, length-prefixed (lib0 varUint8Array). */
function encodeStateVectorMessage(doc: Y.Doc): number[] {
  const sv = Y.encodeStateVector(doc);
  const len: number[] = [];
  let n = sv.byteLength;
  while (n > 127) {
    len.push((n & 127) | 128);
    n >>>= 7;
  }
  len.push(n);
  return [...len, ...sv];
}

/** Whether everything in `update` is already in `doc` (applying it changes nothing). */
function contains(doc: Y.Doc, update: Uint8Array): boolean {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  let changed = false;
  copy.on("update", () => (changed = true));
  Y.applyUpdate(copy, update);
  const pending = copy.store.pendingStructs !== null || copy.store.pendingDs !== null;
  copy.destroy();
  return !changed && !pending;
}

describe("durability", () => {
  it("every update any client received is stored once its writers reconnect after kill -9, over crash/restart cycles (the second with synchronous=NORMAL)", async () => {
    let totalReceived = 0;
    for (let cycle = 0; cycle < 2; cycle++) {
      const normal = cycle === 1;
      const env = { DATABASE_URL: databaseUrl, COLLAB_COMPACT_MAX_UPDATES: "150", ...(normal ? { COLLAB_SQLITE_SYNCHRONOUS: "normal" } : {}) };
      child = await spawnServer(env);
      expect(child.logs.find((l) => l.msg === "collab: edits are relayed at once and saved once committed")?.durability).toBe(`sqlite synchronous=${normal ? "NORMAL" : "FULL"}, writer thread, WAL checkpoints on their own thread`);
      const typists = cookies.map((c, i) => typist(child!.url, c, "abc"[i]));
      await Promise.all(typists.map((t) => t.client.synced()));
      for (const t of typists) t.start();
      // Mid-stream: kill once every client has received a good number of others' edits.
      await expect.poll(() => Math.min(...typists.map((t) => t.received.length)), { timeout: 30_000 }).toBeGreaterThan(60);
      await child.kill();
      for (const t of typists) t.stop();
      for (const t of typists) t.client.provider.disconnect();

      // Relayed before committed: the last edits may be missing from storage now, but every client
      // still holds what it received (a browser keeps it in IndexedDB) and sends it back on reconnect.
      child = await spawnServer(env);
      const back = typists.map((t, i) => collabClient(child!.url, documentId, cookies[i], { doc: t.client.doc }));
      await Promise.all(back.map((c) => c.synced()));
      const missingAfterReconnect = async () => {
        const reloaded = (await loadAndRepair(getDb(), documentId)).doc;
        return typists.reduce((n, t) => n + t.received.filter((u) => !contains(reloaded, u)).length, 0);
      };
      await expect.poll(missingAfterReconnect, { timeout: 30_000, interval: 250, message: `cycle ${cycle}: updates received but not stored after the writers reconnected` }).toBe(0);
      totalReceived += typists.reduce((n, t) => n + t.received.length, 0);
      for (const c of back) c.provider.disconnect();
      expect(await child.stop()).toBe(0);
      for (const t of typists) t.client.destroy();
    }
    expect(totalReceived).toBeGreaterThan(360);
    const text = textOf((await loadAndRepair(getDb(), documentId)).doc);
    expect(text.length).toBeGreaterThan(100);
  }, 180_000);

  it("an edit relayed and then lost to SIGKILL before its commit: unsaved for its author, never exported, restored by the author's reconnect", async () => {
    child = await spawnServer({ DATABASE_URL: databaseUrl });
    const author = collabClient(child.url, documentId, cookies[0]);
    const reader = collabClient(child.url, documentId, cookies[1]);
    await Promise.all([author.synced(), reader.synced()]);
    const exportMd = (url: string) =>
      fetch(`${url}/coalitions/${slug}/documents/${documentId}/export.md`, { headers: { cookie: `${cookies[1].name}=${cookies[1].value}`, origin: url } }).then(
        async (res) => `${res.status} ${await res.text()}`,
        (error: Error) => `failed: ${error.message}`,
      );
    expect(await exportMd(child.url)).toMatch(/^200 /);
    // Another connection holds SQLite's write lock: the server's commit waits (busy_timeout) on its
    // writer thread while its event loop goes on.
    const lock = new Database(join(dir, "workspace.db"));
    lock.pragma("busy_timeout = 10000");
    lock.exec("BEGIN IMMEDIATE");
    let saved = false;
    author.provider.ws?.addEventListener("message", (event: MessageEvent) => {
      const bytes = new Uint8Array(event.data as ArrayBuffer);
      if (bytes[0] === 0 && bytes[1] === 1) saved = true; // a sync step 2: the answer that means "saved"
    });
    typeText(author.doc, "UNSAVED-EDIT");
    author.provider.ws?.send(new Uint8Array([0, 0, ...encodeStateVectorMessage(author.doc)])); // the client's "saved?" probe
    await expect.poll(() => textOf(reader.doc), { timeout: 4_000 }).toContain("UNSAVED-EDIT"); // relayed before its commit
    const exported = exportMd(child.url); // waits for the commit that would hold the edit
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the request reach the server
    expect(saved).toBe(false); // the author's status stays "unsaved"
    await child.kill();
    lock.exec("ROLLBACK");
    lock.close();
    author.provider.disconnect();
    reader.provider.disconnect();
    expect(await exported).not.toContain("UNSAVED-EDIT"); // the export never returned it
    expect(textOf((await loadAndRepair(getDb(), documentId)).doc)).not.toContain("UNSAVED-EDIT"); // not stored

    child = await spawnServer({ DATABASE_URL: databaseUrl });
    const before = await exportMd(child.url);
    expect(before).toMatch(/^200 /);
    expect(before).not.toContain("UNSAVED-EDIT"); // nothing read from storage holds it
    const back = collabClient(child.url, documentId, cookies[0], { doc: author.doc }); // the author's browser reconnects
    await back.synced();
    await expect.poll(async () => textOf((await loadAndRepair(getDb(), documentId)).doc), { timeout: 10_000 }).toContain("UNSAVED-EDIT");
    expect(await exportMd(child.url)).toContain("UNSAVED-EDIT");
    back.provider.disconnect();
    expect(await child.stop()).toBe(0);
    reader.destroy();
    author.destroy();
  }, 120_000);

  it("SIGTERM closes sockets with SERVER_RESTARTING, exits cleanly, and keeps what was typed", async () => {
    child = await spawnServer({ DATABASE_URL: databaseUrl });
    const before = textOf((await loadAndRepair(getDb(), documentId)).doc);
    const c = collabClient(child.url, documentId, cookies[0]);
    await c.synced();
    expect(textOf(c.doc)).toBe(before); // the first sync reply carried the reloaded content
    for (let i = 0; i < 20; i++) typeText(c.doc, "z");
    const code = await child.stop();
    expect(code).toBe(0);
    await expect.poll(() => c.closes.map((x) => x.code)).toContain(CloseCode.SERVER_RESTARTING);
    c.provider.disconnect();
    const after = textOf((await loadAndRepair(getDb(), documentId)).doc);
    expect(after).toBe(textOf(c.doc));
    expect(after.split("z").length - 1).toBe(20);
    c.destroy();
  });
});
