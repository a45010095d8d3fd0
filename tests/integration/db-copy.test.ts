import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { newId, now } from "../../db/ids";
import { migrateToLatest } from "../../db/migrate";
import { seedIfEmpty } from "../../db/seed";
import { createTestPgDatabase, PG_ADMIN_URL, pgReachable } from "../helpers/pg";

const ADMIN_URL = PG_ADMIN_URL;

async function available(): Promise<boolean> {
  if (await pgReachable()) return true;
  if (process.env.CI) throw new Error(`PostgreSQL is required in CI but ${ADMIN_URL} is unreachable`);
  console.warn(`\n*** db:copy test SKIPPED: no PostgreSQL at ${ADMIN_URL} ***\n`);
  return false;
}

describe.runIf(await available())("npm run db:copy (SQLite → PostgreSQL)", () => {
  const dir = mkdtempSync(join(tmpdir(), "cw-copy-"));
  const drops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const d of drops) await d();
    rmSync(dir, { recursive: true, force: true });
  });

  it("copies every row, binary Yjs data intact, and sequences continue after the copied ids", async () => {
    const sqliteUrl = `file:${join(dir, "source.db")}`;
    const source = openDatabase(sqliteUrl);
    await migrateToLatest(source.db);
    await seedIfEmpty(source.db);
    const t = now();
    const userId = newId();
    await source.db.insertInto("users").values({ id: userId, email: "copy@example.org", name: "Copy Me", handle: "copy_me", organization: "ISOC", stakeholder_group: "civil", region: "african", password_hash: "x", is_site_admin: 1, created_at: t, updated_at: t }).execute();
    const coalition = await source.db.selectFrom("coalitions").select("id").where("slug", "=", "privacy").executeTakeFirstOrThrow();
    const docId = newId();
    await source.db.insertInto("documents").values({ id: docId, coalition_id: coalition.id, title: "Charter", created_by: userId, created_at: t, updated_at: t, last_edited_by: null, last_edited_at: null, archived_at: null, plain_text: "héllo мир 你好" }).execute();
    const blob = Buffer.from([0, 1, 2, 250, 255, 7]);
    await source.db.insertInto("document_updates").values([{ document_id: docId, data: blob, user_id: userId, created_at: t }, { document_id: docId, data: blob, user_id: userId, created_at: t }]).execute();
    await source.db.insertInto("audit_events").values({ coalition_id: coalition.id, actor_id: userId, subject_user_id: null, subject_email: null, action: "test", reason: null, detail: null, created_at: t }).execute();
    await source.db.destroy();

    const target = await createTestPgDatabase(ADMIN_URL);
    drops.push(target.drop);
    execFileSync(process.execPath, ["--import", "tsx", "scripts/db-copy.ts", "--from", sqliteUrl, "--to", target.url], { stdio: "pipe" });

    const copy = openDatabase(target.url);
    try {
      expect(await copy.db.selectFrom("coalitions").select("slug").execute()).toHaveLength(7);
      const user = await copy.db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirstOrThrow();
      expect(user).toMatchObject({ email: "copy@example.org", is_site_admin: 1, stakeholder_group: "civil" });
      const doc = await copy.db.selectFrom("documents").selectAll().where("id", "=", docId).executeTakeFirstOrThrow();
      expect(doc.plain_text).toBe("héllo мир 你好");
      const updates = await copy.db.selectFrom("document_updates").selectAll().where("document_id", "=", docId).orderBy("seq").execute();
      expect(updates.map((u) => Buffer.from(u.data).equals(blob))).toEqual([true, true]);
      // The serial sequence continues after the copied seqs instead of colliding with them.
      const [inserted] = await copy.db.insertInto("document_updates").values({ document_id: docId, data: blob, user_id: null, created_at: t }).returning("seq").execute();
      expect(Number(inserted.seq)).toBeGreaterThan(Math.max(...updates.map((u) => Number(u.seq))));
    } finally {
      await copy.db.destroy();
    }
  });
});
