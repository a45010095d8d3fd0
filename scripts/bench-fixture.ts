/**
 * Fixture for load tests of the collaboration server: migrates DATABASE_URL, creates a private
 * coalition, N member users each with a session, and one document; prints
 * {"documentId", "cookies": ["cw_session=…", …], "origin"} (origin = APP_ORIGIN, which the server
 * must be started with too, since the upgrade checks Origin).
 *
 *   DATABASE_URL=file:/tmp/b.db APP_ORIGIN=http://127.0.0.1:4000 node --import tsx scripts/bench-fixture.ts 100
 *   DATABASE_URL=file:/tmp/b.db APP_ORIGIN=http://127.0.0.1:4000 PORT=4000 node --import tsx server/index.ts
 *   clients connect to ws://127.0.0.1:4000/collab/<documentId> with headers Cookie and Origin.
 *
 * (bench/our-fixture.ts is the benchmark's own, multi-document variant of this.)
 */
import { closeDb, openDatabase, setDb } from "../db/client";
import { newId, now } from "../db/ids";
import { migrateToLatest } from "../db/migrate";
import { SESSION_COOKIE, startSession } from "../app/models/auth.server";

const users = Number(process.argv[2] ?? 100);
const url = process.env.DATABASE_URL;
const origin = process.env.APP_ORIGIN;
if (!url || !origin) throw new Error("DATABASE_URL and APP_ORIGIN are required");

const { db } = setDb(openDatabase(url));
await migrateToLatest(db);
const t = now();
const coalitionId = newId();
await db
  .insertInto("coalitions")
  .values({ id: coalitionId, slug: `load-${coalitionId}`, name: "Load test", description: "scripts/bench-fixture.ts", founders: "[]", visibility: "private", join_policy: "approval", open_roles: "[]", archived_at: null, created_at: t, updated_at: t })
  .execute();
const cookies: string[] = [];
const userIds: string[] = [];
for (let i = 0; i < users; i++) {
  const id = newId();
  await db
    .insertInto("users")
    .values({ id, email: `load-${i}-${id}@example.org`, name: `Load ${i}`, handle: `load-${i}-${id.slice(0, 8)}`.toLowerCase(), organization: null, stakeholder_group: null, region: null, password_hash: "$argon2id$unused", is_site_admin: 0, email_verified_at: t, created_at: t, updated_at: t })
    .execute();
  await db.insertInto("memberships").values({ id: newId(), coalition_id: coalitionId, user_id: id, role: "member", created_at: t, updated_at: t }).execute();
  cookies.push(`${SESSION_COOKIE}=${(await startSession(id)).split(";")[0].split("=")[1]}`);
  userIds.push(id);
}
const documentId = newId();
await db
  .insertInto("documents")
  .values({ id: documentId, coalition_id: coalitionId, title: "Load test document", created_by: userIds[0], created_at: t, updated_at: t, last_edited_by: null, last_edited_at: null, archived_at: null, plain_text: "" })
  .execute();
await closeDb();
process.stdout.write(JSON.stringify({ documentId, cookies, origin }) + "\n");
