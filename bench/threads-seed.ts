/**
 * Seeds the threads benchmark: a public coalition with 10,000 threads (`bench-threads`) and
 * one with a 5,000-post thread (`bench-long`), 50 authors with organizations and groups, a
 * signed-in member (bench-threads-member@example.org). Idempotent: does nothing when seeded.
 *
 *   DATABASE_URL=file:.cache/threads-bench.db node --import tsx bench/threads-seed.ts
 */
import { pathToFileURL } from "node:url";
import type { Insertable, Kysely } from "kysely";
import { renderMarkdown } from "../app/lib/markdown.server";
import { openDatabase } from "../db/client";
import { newId } from "../db/ids";
import { migrateToLatest } from "../db/migrate";
import type { Database, PostTable, ThreadTable } from "../db/schema";
import { seedIfEmpty } from "../db/seed";

export const BENCH_MEMBER_EMAIL = "bench-threads-member@example.org";
export const THREAD_COUNT = 10_000;
export const LONG_THREAD_POSTS = 5_000;

const GROUPS = ["government", "technical", "private", "civil", "academic"] as const;
const ORGS = ["ISOC", "W3C", "APC", "ICANN", "OECD", "EFF", "Access Now", "ITU", "RIPE NCC", "Article 19"];
const BODIES = [
  "Thanks for the draft. Two points on **section 3**:\n\n- the definition of *interoperability* is narrower than in the 2009 text;\n- we should cite https://www.w3.org/standards/ as the reference.",
  "I agree with the proposal. Could we add a paragraph on capacity building for developing countries before the IGF session?",
  "> The coalition should publish its position before the open consultation.\n\nYes, and we need the stakeholder balance in the drafting group to be visible.",
  "Minutes of today's call are in the shared document. Action items:\n\n1. circulate the revised outline\n2. contact the MAG liaison\n3. schedule the next call",
  "A short note on privacy: the *data minimisation* wording from the last meeting was accepted by everyone present; `principle 4` stays as is.",
];

async function insertBatched<T extends "threads" | "posts">(db: Kysely<Database>, table: T, rows: Array<T extends "threads" ? Insertable<ThreadTable> : PostTable>) {
  for (let i = 0; i < rows.length; i += 400) {
    await db.insertInto(table).values(rows.slice(i, i + 400) as never).execute();
  }
}

/** Seeds the benchmark data into an open, migrated database. */
export async function seedThreadsBench(db: Kysely<Database>): Promise<{ seeded: boolean }> {
  if (await db.selectFrom("coalitions").select("id").where("slug", "=", "bench-threads").executeTakeFirst()) return { seeded: false };
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  const iso = (ms: number) => new Date(ms).toISOString();
  const { hashPassword } = await import("../app/lib/password.server");
  const passwordHash = await hashPassword("bench password not for use");
  const users = Array.from({ length: 50 }, (_, i) => ({
    id: newId(),
    email: i === 0 ? BENCH_MEMBER_EMAIL : `bench-author-${i}@example.org`,
    name: i === 0 ? "Bench Member" : `Author ${i} ${["Okafor", "Lindqvist", "Tanaka", "Moreau", "Silva"][i % 5]}`,
    handle: i === 0 ? "bench_member" : `bench_author_${i}`,
    organization: ORGS[i % ORGS.length],
    stakeholder_group: GROUPS[i % GROUPS.length],
    region: null,
    password_hash: passwordHash,
    is_site_admin: 0,
    email_verified_at: iso(t0),
    created_at: iso(t0),
    updated_at: iso(t0),
  }));
  const html = BODIES.map((b) => renderMarkdown(b).html);
  await db.transaction().execute(async (tx) => {
    await tx.insertInto("users").values(users).execute();
    const coalitions = ["bench-threads", "bench-long"].map((slug) => ({
      id: newId(),
      slug,
      name: slug === "bench-threads" ? "Bench: 10,000 threads" : "Bench: a 5,000-post thread",
      description: "Benchmark data.",
      founders: "[]",
      visibility: "public" as const,
      join_policy: "approval" as const,
      open_roles: '["member","observer"]',
      archived_at: null,
      created_at: iso(t0),
      updated_at: iso(t0),
    }));
    await tx.insertInto("coalitions").values(coalitions).execute();
    for (const c of coalitions) {
      await tx
        .insertInto("memberships")
        .values(users.map((u, i) => ({ id: newId(), coalition_id: c.id, user_id: u.id, role: i === 1 ? ("coordinator" as const) : ("member" as const), created_at: iso(t0), updated_at: iso(t0) })))
        .execute();
    }

    // 10,000 threads, one post each, activity spread over a year; 12 pinned.
    const threads: Insertable<ThreadTable>[] = [];
    const posts: PostTable[] = [];
    for (let i = 0; i < THREAD_COUNT; i++) {
      const at = iso(t0 + i * 3_137_000);
      const author = users[(i * 7) % users.length];
      const id = newId();
      threads.push({
        id, coalition_id: coalitions[0].id, title: `Thread ${i + 1}: ${["Roadmap", "Call minutes", "Draft review", "Consultation", "Workshop proposal"][i % 5]} ${2026 - (i % 4)}`,
        author_id: author.id, document_id: null, pinned: i % 833 === 0 ? 1 : 0, locked: i % 97 === 0 ? 1 : 0,
        post_count: 1, last_post_number: 1, last_activity_at: at, last_post_by: author.id, created_at: at, updated_at: at,
        audience: "public",
      });
      posts.push({
        id: newId(), thread_id: id, number: 1, author_id: author.id, body: BODIES[i % 5], body_html: html[i % 5], reply_to_id: null,
        edited_at: null, deleted_at: null, hidden_at: null, hidden_by: null, hidden_reason: null, created_at: at,
      });
    }
    await insertBatched(tx, "threads", threads);
    await insertBatched(tx, "posts", posts);

    // One thread of 5,000 posts; every 5th answers the one before, some edited.
    const longId = newId();
    const long: PostTable[] = [];
    for (let n = 1; n <= LONG_THREAD_POSTS; n++) {
      const author = users[(n * 13) % users.length];
      long.push({
        id: newId(), thread_id: longId, number: n, author_id: author.id, body: BODIES[n % 5], body_html: html[n % 5],
        reply_to_id: n % 5 === 0 ? long[n - 2].id : null, edited_at: n % 11 === 0 ? iso(t0 + n * 60_000 + 30_000) : null,
        deleted_at: null, hidden_at: null, hidden_by: null, hidden_reason: null, created_at: iso(t0 + n * 60_000),
      });
    }
    const lastAt = long[long.length - 1].created_at;
    await insertBatched(tx, "threads", [{
      id: longId, coalition_id: coalitions[1].id, title: "Open consultation: the long thread", author_id: users[1].id, document_id: null,
      pinned: 0, locked: 0, post_count: LONG_THREAD_POSTS, last_post_number: LONG_THREAD_POSTS, last_activity_at: lastAt,
      last_post_by: long[long.length - 1].author_id, created_at: long[0].created_at, updated_at: lastAt,
      audience: "public",
    }]);
    await insertBatched(tx, "posts", long);
  });
  return { seeded: true };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const handle = openDatabase(process.env.DATABASE_URL || "file:.cache/threads-bench.db");
  await migrateToLatest(handle.db);
  await seedIfEmpty(handle.db);
  const t = performance.now();
  const { seeded } = await seedThreadsBench(handle.db);
  console.log(seeded ? `seeded in ${((performance.now() - t) / 1000).toFixed(1)} s` : "already seeded");
  await handle.db.destroy();
}
