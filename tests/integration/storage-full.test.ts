import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { storageHealth } from "../../db/storage-health";
import { storageUnavailableMessage } from "../../app/lib/storage-errors";

const STORAGE_UNAVAILABLE_MESSAGE = storageUnavailableMessage();
import { addMember, createCoalition, createUser } from "../helpers/factories";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// A full disk, for real: SQLite's max_page_count capped at the file's size on the app's own
// connection, and the free space left in it filled, makes every write that needs a page fail with
// SQLITE_FULL. (Always SQLite, also in the PostgreSQL run: the fault is SQLite's.)

let server: TestServer;
let dataDir: string;
let admin: TestClient;

async function fillStorage() {
  const db = getDb();
  const pages = Number(((await sql<{ page_count: number }>`PRAGMA page_count`.execute(db)).rows[0]!).page_count);
  await sql.raw(`PRAGMA max_page_count = ${pages}`).execute(db);
  for (let i = 0; i < 100_000; i++) {
    try {
      await db.insertInto("login_failures").values({ key: `filler:${i}:${"f".repeat(i % 2 ? 900 : 60)}`, created_at: "2000-01-01T00:00:00.000Z" }).execute();
    } catch (error) {
      expect((error as { code?: string }).code).toBe("SQLITE_FULL");
      return;
    }
  }
  throw new Error("the database never filled up");
}

async function freeStorage() {
  await sql.raw("PRAGMA max_page_count = 1073741823").execute(getDb());
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "cw-full-"));
  server = await startTestServer({ DATABASE_URL: `file:${join(dataDir, "w.db")}` });
  const user = await createUser({ name: "Site Admin", isSiteAdmin: true });
  admin = new TestClient(server.url);
  await admin.login(user);
  const coalition = await createCoalition({ name: "Disk Watchers", slug: "disk-watchers", visibility: "public" });
  await addMember(coalition.id, user.id, "member");
});
afterAll(async () => {
  await freeStorage().catch(() => {});
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const coalitionForm = {
  name: "Full Disk Coalition",
  slug: "full-disk",
  description: `A coalition whose description needs new pages. ${"Words about storage. ".repeat(180)}`,
  founders: "ISOC",
  visibility: "public",
  join_policy: "open",
  open_roles: ["member"],
};

describe("storage full", () => {
  it("a form post answers 503 with the plain message and the form re-rendered with the values; /healthz says so until storage has room", async () => {
    await fillStorage();
    const res = await admin.post("/admin/coalitions/new", coalitionForm);
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).toContain(STORAGE_UNAVAILABLE_MESSAGE);
    expect(html).toContain('value="Full Disk Coalition"');
    expect(html).toContain("Words about storage.");
    expect(await getDb().selectFrom("coalitions").select("id").where("slug", "=", "full-disk").executeTakeFirst()).toBeUndefined();

    const health = await admin.get("/healthz");
    expect(health.status).toBe(503);
    expect((await health.json()).database).toMatchObject({ write: "failed", error: "SQLITE_FULL" });
    // Still full: the health check's own probe write fails too.
    expect((await admin.get("/healthz")).status).toBe(503);

    await freeStorage();
    // The probe write finds room again.
    const healthy = await admin.get("/healthz");
    expect(healthy.status).toBe(200);
    expect((await healthy.json()).database.write).toBe("ok");
    const retry = await admin.post("/admin/coalitions/new", coalitionForm);
    expect(retry.status).toBe(302);
  });

  it("a reply on a full disk comes back in the composer with the message and every word typed; nothing is posted", async () => {
    const created = await admin.post("/coalitions/disk-watchers/threads", { title: "Where the disk went", body: "Opening post." });
    expect(created.status).toBe(302);
    const threadPath = created.headers.get("location")!.split("?")[0]!;
    const threadId = threadPath.split("/").pop()!;
    const postsBefore = await getDb().selectFrom("posts").select("id").where("thread_id", "=", threadId).execute();
    await fillStorage();
    const body = `A reply that needs room. ${"Words & <more> words. ".repeat(400)}`;
    const res = await admin.post(threadPath, { intent: "post", body, reply_to: "" });
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).toContain(STORAGE_UNAVAILABLE_MESSAGE);
    expect(html).toContain("A reply that needs room. Words &amp; &lt;more&gt; words.");
    expect(await getDb().selectFrom("posts").select("id").where("thread_id", "=", threadId).execute()).toHaveLength(postsBefore.length);
    await freeStorage();
    const retry = await admin.post(threadPath, { intent: "post", body, reply_to: "" });
    expect(retry.status).toBe(302);
  });

  it("a form without the hook still answers 503 with the plain message, and the next successful write clears the state", async () => {
    await fillStorage();
    const post = () => admin.post("/coalitions/disk-watchers/threads", { title: "A long thread", body: `Long. ${"Body text that needs room. ".repeat(800)}` });
    const res = await post();
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect((await res.text()).trim()).toBe(STORAGE_UNAVAILABLE_MESSAGE);
    expect(storageHealth()).toMatchObject({ ok: false, error: "SQLITE_FULL" });

    await freeStorage();
    const ok = await post();
    expect(ok.status).toBe(302);
    expect(storageHealth().ok).toBe(true);
    expect((await admin.get("/healthz")).status).toBe(200);
  });
});
