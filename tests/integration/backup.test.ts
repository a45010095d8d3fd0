import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "../../db/schema";
import { loadAndRepair } from "../../app/models/document-state.server";
import { yDocPlainText } from "../../app/lib/ydoc-state";
import { main as backupMain } from "../../scripts/backup";
import { collabClient, typeText, type CollabClient } from "../helpers/collab";
import { docJson, writeContent } from "../helpers/documents";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor } from "../helpers/factories";
import { getDb, startTestServer, type TestServer } from "../helpers/server";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "cw-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the command as `npm run backup` would (a child process: the server in this process keeps serving). */
async function backupCommand(target: string, databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "scripts/backup.ts", target], { env: { ...process.env, DATABASE_URL: databaseUrl } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const maxSeq = async () => Number((await getDb().selectFrom("document_updates").select((eb) => eb.fn.max("seq").as("m")).executeTakeFirst())?.m ?? 0);

async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe.runIf(!process.env.TEST_PG_URL)("npm run backup under concurrent edits (SQLite)", () => {
  let server: TestServer;
  const docIds: string[] = [];
  const clients: CollabClient[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    const coalition = await createCoalition({ name: "Backup Coalition" });
    // Ten people, each typing into their own document (so each copy's text is a prefix of the final one).
    for (let i = 0; i < 10; i++) {
      const user = await createUser({ name: `Typist ${i}` });
      await addMember(coalition.id, user.id, "member");
      const doc = await createDocument(coalition.id, user.id, { title: `Notes ${i}` });
      await writeContent(doc.id, docJson(`Heading ${i}:`, `Paragraph ${i}`));
      docIds.push(doc.id);
      const client = collabClient(server.url, doc.id, await sessionCookieFor(user.id));
      await client.synced();
      clients.push(client);
    }
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.close();
  });

  it("finishes while ten people type; the copy passes integrity_check and every document loads from it", async () => {
    let typing = true;
    const typists = clients.map(async (client, i) => {
      for (let n = 0; typing; n++) {
        typeText(client.doc, ` ${i}.${n}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    });
    const start = await maxSeq();
    await until(async () => (await maxSeq()) > start + 100);

    const target = join(dir, "under-load.db");
    const seqBefore = await maxSeq();
    const result = await backupCommand(target, server.databaseUrl);
    const seqAfter = await maxSeq();
    // Keep typing a little after the copy, then stop.
    await until(async () => (await maxSeq()) > seqAfter + 50);
    typing = false;
    await Promise.all(typists);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Backed up .* to .*under-load\.db \(.*integrity ok\)\.\n$/);
    // The edits went on while the command ran, and the copy is a snapshot from within that stretch.
    expect(seqAfter).toBeGreaterThan(seqBefore);
    expect(readdirSync(dir).filter((f) => f.includes("partial"))).toEqual([]);

    const raw = new SQLite(target, { readonly: true, fileMustExist: true });
    expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(raw.pragma("foreign_key_check")).toEqual([]);
    const copySeq = Number((raw.prepare("SELECT max(seq) AS m FROM document_updates").get() as { m: number }).m);
    expect(copySeq).toBeGreaterThanOrEqual(seqBefore);
    expect(copySeq).toBeLessThanOrEqual(seqAfter);

    const copy = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
    try {
      const allDocs = await copy.selectFrom("documents").select("id").execute();
      expect(allDocs.map((d) => d.id)).toEqual(expect.arrayContaining(docIds));
      for (const { id } of allDocs) {
        const loaded = await loadAndRepair(copy, id);
        expect(loaded.quarantined).toBe(0);
        loaded.doc.destroy();
      }
      let captured = 0;
      for (const [i, id] of docIds.entries()) {
        const loaded = await loadAndRepair(copy, id);
        const [heading, paragraph] = yDocPlainText(loaded.doc).split("\n");
        loaded.doc.destroy();
        const [finalHeading] = yDocPlainText(clients[i].doc).split("\n");
        expect(heading.startsWith(`Heading ${i}:`)).toBe(true);
        expect(finalHeading.startsWith(heading)).toBe(true);
        expect(paragraph).toBe(`Paragraph ${i}`);
        if (heading.length > `Heading ${i}:`.length) captured++;
      }
      // The copy holds what had been typed before it was taken.
      expect(captured).toBe(docIds.length);
    } finally {
      await copy.destroy();
    }
  });
});

describe("npm run backup refusals and exit codes", () => {
  const quiet = () => vi.spyOn(console, "error").mockImplementation(() => {});

  it("refuses to overwrite an existing file (exit 1, file untouched)", async () => {
    const source = join(dir, "source.db");
    const db = new SQLite(source);
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('kept')");
    db.close();
    const target = join(dir, "existing.db");
    writeFileSync(target, "not a database, but someone's file");
    const err = quiet();
    expect(backupMain([target], { DATABASE_URL: `file:${source}` })).toBe(1);
    expect(err.mock.calls.flat().join(" ")).toContain("already exists");
    err.mockRestore();
    expect(readFileSync(target, "utf8")).toBe("not a database, but someone's file");
    // The same command to a new name works.
    const fresh = join(dir, "fresh.db");
    expect(backupMain([fresh], { DATABASE_URL: `file:${source}` })).toBe(0);
    const copy = new SQLite(fresh, { readonly: true });
    expect(copy.prepare("SELECT x FROM t").pluck().get()).toBe("kept");
    copy.close();
  });

  it("refuses a PostgreSQL DATABASE_URL with a pointer to pg_dump (exit 2), and writes nothing", async () => {
    const err = quiet();
    const target = join(dir, "pg.db");
    expect(backupMain([target], { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/workspace" })).toBe(2);
    expect(err.mock.calls.flat().join(" ")).toContain("pg_dump");
    err.mockRestore();
    expect(existsSync(target)).toBe(false);
  });

  it("fails on a missing database without creating one (exit 1), and wants exactly one file (exit 2)", async () => {
    const err = quiet();
    const missing = join(dir, "missing.db");
    const target = join(dir, "of-missing.db");
    expect(backupMain([target], { DATABASE_URL: `file:${missing}` })).toBe(1);
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(target)).toBe(false);
    expect(backupMain([], { DATABASE_URL: `file:${missing}` })).toBe(2);
    expect(backupMain(["a.db", "b.db"], { DATABASE_URL: `file:${missing}` })).toBe(2);
    err.mockRestore();
  });
});
