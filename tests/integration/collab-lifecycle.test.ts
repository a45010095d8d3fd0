import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CloseCode } from "../../app/lib/collab-protocol";
import { collabHook } from "../../app/models/collab-hook.server";
import { applyServerUpdate, loadAndRepair, loadYDoc } from "../../app/models/document-state.server";
import { onDomainEvent, type DomainEvent } from "../../app/models/events.server";
import { getDb } from "../../db/client";
import { appendUpdates } from "../../db/queries/document-state";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor } from "../helpers/factories";
import { collabClient, textOf, typeText, type CollabClient, type Cookie } from "../helpers/collab";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
let coalitionId: string;
let users: { id: string; cookie: Cookie }[];

beforeAll(async () => {
  process.env.COLLAB_UNLOAD_DELAY_MS = "100";
  process.env.COLLAB_META_DELAY_MS = "50";
  server = await startTestServer();
  const coalition = await createCoalition();
  coalitionId = coalition.id;
  users = [];
  for (let i = 0; i < 10; i++) {
    const u = await createUser();
    await addMember(coalition.id, u.id, "member");
    users.push({ id: u.id, cookie: await sessionCookieFor(u.id) });
  }
});
afterAll(async () => {
  await server?.close();
});

async function docWithText(text: string) {
  const doc = await createDocument(coalitionId, users[0].id);
  const author = new Y.Doc();
  typeText(author, text);
  await appendUpdates(getDb(), [{ documentId: doc.id, data: Y.encodeStateAsUpdate(author), userId: null }]);
  return doc.id;
}

describe("lifecycle", () => {
  it("loads a document once under a connection storm; every client's first sync carries the content", async () => {
    const id = await docWithText("stormy content");
    const loadsBefore = collabHook()!.metrics().documentsLoadedTotal;
    const clients: CollabClient[] = [];
    for (let i = 0; i < 30; i++) clients.push(collabClient(server.url, id, users[i % users.length].cookie));
    // Record the text at the moment each provider first reports synced: never empty.
    const atSync = await Promise.all(clients.map((c) => c.synced().then(() => textOf(c.doc))));
    expect(atSync.every((t) => t === "stormy content")).toBe(true);
    expect(collabHook()!.metrics().documentsLoadedTotal).toBe(loadsBefore + 1);
    for (const c of clients) c.destroy();
  });

  it("unloads an idle document a little after the last client leaves, leaving a snapshot; reloads on the next join", async () => {
    const id = await docWithText("");
    const c = collabClient(server.url, id, users[0].cookie);
    await c.synced();
    const loaded = collabHook()!.metrics().documentsLoaded;
    typeText(c.doc, "persisted");
    await expect.poll(async () => textOf((await loadAndRepair(getDb(), id)).doc)).toBe("persisted");
    const unloadsBefore = collabHook()!.metrics().documentsUnloadedTotal;
    c.destroy();
    await expect.poll(() => collabHook()!.liveState(id)).toBeNull();
    expect(collabHook()!.metrics().documentsUnloadedTotal).toBeGreaterThan(unloadsBefore);
    expect(collabHook()!.metrics().documentsLoaded).toBeLessThan(loaded);
    await expect.poll(async () => (await getDb().selectFrom("document_snapshots").select("last_seq").where("document_id", "=", id).executeTakeFirst()) !== undefined).toBe(true);
    const row = await getDb().selectFrom("documents").select(["plain_text", "last_edited_by", "last_edited_at"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.plain_text).toBe("persisted");
    expect(row.last_edited_by).toBe(users[0].id);

    const again = collabClient(server.url, id, users[1].cookie);
    await again.synced();
    expect(textOf(again.doc)).toBe("persisted");
    again.destroy();
  });

  it("edits made on the server (applyServerUpdate) are stored and reach connected clients; loadYDoc sees the live state", async () => {
    const id = await docWithText("server ");
    const c = collabClient(server.url, id, users[0].cookie);
    await c.synced();
    const events: DomainEvent[] = [];
    const off = onDomainEvent((e) => events.push(e));
    const live = await loadYDoc(id);
    typeText(live, "edit");
    await applyServerUpdate(id, Y.encodeStateAsUpdate(live), users[2].id);
    await expect.poll(() => textOf(c.doc)).toBe("server edit");
    expect(textOf((await loadAndRepair(getDb(), id)).doc)).toBe("server edit");
    expect(textOf(await loadYDoc(id))).toBe("server edit");
    const authors = await getDb().selectFrom("document_updates").select("user_id").where("document_id", "=", id).execute();
    expect(authors.map((r) => r.user_id)).toContain(users[2].id);
    await expect.poll(() => events.some((e) => e.type === "document.changed" && e.documentId === id)).toBe(true);
    off();
    // An update that does not apply is refused (thrown) and not stored.
    const stranger = new Y.Doc();
    const parts: Uint8Array[] = [];
    stranger.on("update", (u: Uint8Array) => parts.push(u));
    typeText(stranger, "a");
    typeText(stranger, "b");
    await expect(applyServerUpdate(id, parts[1], null)).rejects.toThrow(/missing history/);
    expect(textOf((await loadAndRepair(getDb(), id)).doc)).toBe("server edit");
    c.destroy();
  });

  it("graceful shutdown commits what was sent and closes every socket with SERVER_RESTARTING", async () => {
    // Its own database file, so that it outlives the server (the test server deletes its own).
    await server.close();
    const dir = mkdtempSync(join(tmpdir(), "cw-collab-shutdown-"));
    const databaseUrl = `file:${join(dir, "db.sqlite")}`;
    server = await startTestServer({ DATABASE_URL: databaseUrl });
    const coalition = await createCoalition();
    const people = [];
    for (let i = 0; i < 2; i++) {
      const u = await createUser();
      await addMember(coalition.id, u.id, "member");
      people.push(await sessionCookieFor(u.id));
    }
    const id = (await createDocument(coalition.id, (await createUser()).id)).id;
    const a = collabClient(server.url, id, people[0]);
    const b = collabClient(server.url, id, people[1]);
    await Promise.all([a.synced(), b.synced()]);
    for (let i = 0; i < 50; i++) typeText(i % 2 ? a.doc : b.doc, String(i % 10));
    await server.close(); // right after typing: the server still has the frames in flight
    await expect.poll(() => a.closes.map((c) => c.code)).toContain(CloseCode.SERVER_RESTARTING);
    await expect.poll(() => b.closes.map((c) => c.code)).toContain(CloseCode.SERVER_RESTARTING);
    a.provider.disconnect();
    b.provider.disconnect();
    // Restart on the same database: everything both clients typed is there.
    server = await startTestServer({ DATABASE_URL: databaseUrl });
    const stored = textOf((await loadAndRepair(getDb(), id)).doc);
    const merged = new Y.Doc();
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(a.doc));
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(b.doc));
    expect(stored.replace(/\n/g, "")).toHaveLength(50);
    expect(stored).toBe(textOf(merged));
    a.destroy();
    b.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    server = await startTestServer();
  });
});
