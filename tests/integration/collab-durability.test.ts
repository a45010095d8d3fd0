import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
let cookies: Cookie[];
let child: SpawnedServer | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cw-collab-durability-"));
  databaseUrl = `file:${join(dir, "workspace.db")}`;
  setDb(openDatabase(databaseUrl));
  await migrateToLatest(getDb());
  const coalition = await createCoalition({ visibility: "private" });
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
  it("every update any client received survives kill -9, over several crash/restart cycles (the last with synchronous=NORMAL)", async () => {
    let totalReceived = 0;
    for (let cycle = 0; cycle < 3; cycle++) {
      // NORMAL skips the fsync of each commit but still writes it to the WAL before relaying: a crash of the process loses nothing.
      const normal = cycle === 2;
      child = await spawnServer({ DATABASE_URL: databaseUrl, COLLAB_COMPACT_MAX_UPDATES: "150", ...(normal ? { COLLAB_SQLITE_SYNCHRONOUS: "normal" } : {}) });
      expect(child.logs.find((l) => l.msg === "collab: edits are committed before they are relayed")?.durability).toBe(`sqlite synchronous=${normal ? "NORMAL" : "FULL"}, writer thread, WAL checkpoints on their own thread`);
      const typists = cookies.map((c, i) => typist(child!.url, c, "abc"[i]));
      await Promise.all(typists.map((t) => t.client.synced()));
      for (const t of typists) t.start();
      // Mid-stream: kill once every client has received a good number of others' edits.
      await expect.poll(() => Math.min(...typists.map((t) => t.received.length)), { timeout: 30_000 }).toBeGreaterThan(60);
      await child.kill();
      for (const t of typists) t.stop();
      for (const t of typists) t.client.provider.disconnect();

      const reloaded = (await loadAndRepair(getDb(), documentId)).doc;
      for (const t of typists) {
        totalReceived += t.received.length;
        const missing = t.received.filter((u) => !contains(reloaded, u));
        expect(missing.length, `cycle ${cycle}: updates received but not stored`).toBe(0);
      }
      for (const t of typists) t.client.destroy();
    }
    expect(totalReceived).toBeGreaterThan(500);
    const text = textOf((await loadAndRepair(getDb(), documentId)).doc);
    expect(text.length).toBeGreaterThan(100);
  });

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
