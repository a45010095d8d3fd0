/**
 * Bench-only fixture for our server: migrates a fresh SQLite file (DATABASE_URL) and inserts one
 * coalition, N member users with a session each, and the named documents, through the app's own
 * db/ and auth modules. Prints JSON { coalitionId, cookies: string[], documents: {name: id} }.
 *
 *   DATABASE_URL=file:/tmp/x.db APP_ORIGIN=http://127.0.0.1:1 node --import tsx bench/our-fixture.ts USERS DOC1 DOC2 ...
 *   (a document argument "churn*3000" expands to churn-0 … churn-2999)
 *
 * One user per client so the per-user connection limit (default 20) never shapes a benchmark.
 */
import { openDatabase, setDb, closeDb } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { newId, now } from "../db/ids";
import { SESSION_COOKIE, startSession } from "../app/models/auth.server";

const [usersArg, ...docArgs] = process.argv.slice(2);
const userCount = Number(usersArg ?? 100);
const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required");

const handle = setDb(openDatabase(url));
await migrateToLatest(handle.db);
const db = handle.db;
const t = now();
const coalitionId = newId();
await db
  .insertInto("coalitions")
  .values({
    id: coalitionId,
    slug: `bench-${coalitionId}`,
    name: "Benchmark coalition",
    description: "Created by bench/our-fixture.ts",
    founders: "[]",
    visibility: "private",
    join_policy: "approval",
    open_roles: JSON.stringify(["member", "observer"]),
    archived_at: null,
    created_at: t,
    updated_at: t,
  } as never)
  .execute();

const cookies: string[] = [];
const userIds: string[] = [];
for (let i = 0; i < userCount; i++) {
  const id = newId();
  await db
    .insertInto("users")
    .values({
      id,
      email: `bench-${i}-${id}@example.org`,
      name: `Bench ${i}`,
      organization: null,
      stakeholder_group: null,
      region: null,
      // Never used to log in: sessions are started directly.
      password_hash: "$argon2id$unused",
      is_site_admin: 0,
      email_verified_at: t,
      created_at: t,
      updated_at: t,
    } as never)
    .execute();
  await db
    .insertInto("memberships")
    .values({ id: newId(), coalition_id: coalitionId, user_id: id, role: "member", created_at: t, updated_at: t } as never)
    .execute();
  const header = await startSession(id);
  cookies.push(`${SESSION_COOKIE}=${header.split(";")[0].split("=")[1]}`);
  userIds.push(id);
}

const names = docArgs.flatMap((arg) => {
  const [base, count] = arg.split("*");
  return count ? Array.from({ length: Number(count) }, (_, i) => `${base}-${i}`) : [base];
});
const documents: Record<string, string> = {};
await db.transaction().execute(async (trx) => {
  for (const name of names) {
    const id = `b${newId(15)}`;
    documents[name] = id;
    await trx
      .insertInto("documents")
      .values({
        id,
        coalition_id: coalitionId,
        title: `Bench ${name}`,
        created_by: userIds[0],
        created_at: t,
        updated_at: t,
        last_edited_by: null,
        last_edited_at: null,
        archived_at: null,
        plain_text: "",
      } as never)
      .execute();
  }
});
await closeDb();
process.stdout.write(JSON.stringify({ coalitionId, cookies, documents }));
