/**
 * Seeds a search benchmark corpus: the forum's coalitions (two of them made private),
 * 400 users, 2,000 documents of a few hundred words, 4,000 threads and 100,000 posts
 * (3% hidden or deleted, 1% in Chinese, some in French, Spanish, Russian and Arabic).
 * Deterministic (seeded PRNG), so runs compare.
 *
 *   node --import tsx bench/search-seed.ts [--posts 100000] [--documents 2000]
 *   DATABASE_URL=file:.cache/search-bench.db (default) or postgres://…
 *
 * Writes through the real schema, so the SQLite FTS triggers / PostgreSQL GIN indexes do
 * their usual work during the load.
 */
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { openDatabase } from "../db/client";
import { newId } from "../db/ids";
import { migrateToLatest } from "../db/migrate";
import { seedIfEmpty } from "../db/seed";

export const BENCH_MEMBER_EMAIL = "bench-member@example.org";
export const DEFAULT_BENCH_DB = "file:.cache/search-bench.db";

const { values } = parseArgs({
  options: { posts: { type: "string", default: "100000" }, documents: { type: "string", default: "2000" } },
});
const POSTS = Number(values.posts);
const DOCUMENTS = Number(values.documents);
const THREADS = Math.max(1, Math.round(POSTS / 25));

let seed = 0x9e3779b9;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];

const TOPIC = `internet governance forum coalition open standards interoperability privacy data protection spam
  cybersecurity access knowledge rights freedom expression child online safety multistakeholder policy regulation
  infrastructure broadband development capacity building accessibility localisation language diversity network
  neutrality encryption surveillance transparency accountability platform content moderation intermediary liability
  copyright licensing education research civil society government private sector technical community academia
  regional national dialogue consultation charter principles recommendation report workshop session agenda meeting
  draft review comment proposal consensus annex appendix timeline milestone deliverable outreach survey evidence`.split(/\s+/).filter(Boolean);
const COMMON = "the of and to in a is that for on with as by this be are from at or an it not we our which will".split(" ");
const SYLLABLES = "ka lo mi ne ru sa ti vo be da fe gi ho ju ke la mo nu pe qui ra se to vu we xa yo ze".split(" ");
// A long tail of rare words, like names and jargon in real discussions.
const RARE = Array.from({ length: 5000 }, () => Array.from({ length: 2 + Math.floor(rand() * 3) }, () => pick(SYLLABLES)).join(""));
const FOREIGN = [
  "La coopération numérique renforce l'éducation et la gouvernance de l'Internet.",
  "Los niños necesitan protección en línea y acceso abierto al conocimiento.",
  "Открытые стандарты важны для совместимости и развития сети.",
  "المعايير المفتوحة مهمة لحوكمة الإنترنت والتعاون الرقمي.",
];
const CHINESE = "我们支持开放标准和互操作性，促进互联网治理与数字合作。";

function sentence(words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const r = rand();
    out.push(r < 0.45 ? pick(COMMON) : r < 0.9 ? pick(TOPIC) : pick(RARE));
  }
  return out.join(" ");
}

function text(words: number): string {
  const r = rand();
  if (r < 0.01) return `${CHINESE} ${sentence(Math.round(words / 2))}`;
  if (r < 0.05) return `${pick(FOREIGN)} ${sentence(Math.round(words / 2))}`;
  return sentence(words);
}

async function main() {
  const url = process.env.DATABASE_URL || DEFAULT_BENCH_DB;
  const { db, kind } = openDatabase(url);
  await migrateToLatest(db);
  await seedIfEmpty(db);
  const existing = await db.selectFrom("posts").select(db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) {
    console.log(`${url} already holds ${existing.n} posts; delete it to reseed.`);
    await db.destroy();
    return;
  }
  const started = Date.now();
  const coalitions = await db.selectFrom("coalitions").select(["id", "slug"]).orderBy("slug").execute();
  // Two private coalitions, so that permission filtering has work to do.
  await db.updateTable("coalitions").set({ visibility: "private" }).where("slug", "in", ["privacy", "child-online-safety"]).execute();

  const t0 = new Date("2025-01-01T00:00:00Z").getTime();
  const at = (i: number, n: number) => new Date(t0 + Math.floor((i / n) * 330 * 86_400_000)).toISOString();
  const hash = "$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hiZW5jaA$ZmFrZWhhc2hmb3JiZW5jaG1hcmtzb25seQ"; // never logs in
  const users = Array.from({ length: 400 }, (_, i) => ({
    id: newId(),
    email: i === 0 ? BENCH_MEMBER_EMAIL : `bench-${i}@example.org`,
    name: `Bench User ${i}`,
    organization: null,
    stakeholder_group: null,
    region: null,
    password_hash: hash,
    is_site_admin: 0,
    email_verified_at: at(0, 1),
    created_at: at(0, 1),
    updated_at: at(0, 1),
  }));
  for (let i = 0; i < users.length; i += 200) await db.insertInto("users").values(users.slice(i, i + 200)).execute();
  const memberships = [];
  for (const c of coalitions) {
    for (const u of users.slice(0, 60)) {
      if (u !== users[0] && rand() < 0.5) continue;
      memberships.push({ id: newId(), coalition_id: c.id, user_id: u.id, role: u === users[0] ? "member" : pick(["member", "observer", "coordinator"] as const), created_at: at(0, 1), updated_at: at(0, 1) });
    }
  }
  await db.insertInto("memberships").values(memberships).execute();

  const batch = async <T>(table: "documents" | "threads" | "posts", rows: T[]) => {
    for (let i = 0; i < rows.length; i += 500) {
      await db.transaction().execute((trx) => trx.insertInto(table).values(rows.slice(i, i + 500) as never).execute());
    }
  };

  const documents = Array.from({ length: DOCUMENTS }, (_, i) => {
    const author = pick(users).id;
    const t = at(i, DOCUMENTS);
    return {
      id: newId(), coalition_id: pick(coalitions).id, title: `${pick(TOPIC)} ${pick(TOPIC)} ${pick(["draft", "notes", "report", "charter"])} ${i}`,
      created_by: author, created_at: t, updated_at: t, last_edited_by: author, last_edited_at: t,
      archived_at: rand() < 0.03 ? t : null, plain_text: text(250 + Math.floor(rand() * 500)),
    };
  });
  await batch("documents", documents);
  console.log(`documents: ${DOCUMENTS} (${Date.now() - started} ms)`);

  const threads = Array.from({ length: THREADS }, (_, i) => {
    const t = at(i, THREADS);
    return {
      id: newId(), coalition_id: pick(coalitions).id, title: `${pick(TOPIC)} ${pick(TOPIC)} ${sentence(3)}`, author_id: pick(users).id,
      document_id: null, pinned: 0, locked: 0, post_count: 0, last_post_number: 0, last_activity_at: t, last_post_by: null, created_at: t, updated_at: t,
    };
  });
  await batch("threads", threads);
  const numbers = new Map<string, number>();
  const posts = Array.from({ length: POSTS }, (_, i) => {
    const thread = pick(threads);
    const number = (numbers.get(thread.id) ?? 0) + 1;
    numbers.set(thread.id, number);
    const t = at(i, POSTS);
    const body = text(20 + Math.floor(rand() * 80));
    const r = rand();
    return {
      id: newId(), thread_id: thread.id, number, author_id: pick(users).id, body, body_html: `<p>${body}</p>`, reply_to_id: null, edited_at: null,
      deleted_at: r < 0.015 ? t : null, hidden_at: r > 0.985 ? t : null, hidden_by: null, hidden_reason: null, created_at: t,
    };
  });
  await batch("posts", posts);
  for (const [id, n] of numbers) await db.updateTable("threads").set({ post_count: n, last_post_number: n }).where("id", "=", id).execute();
  await sql`ANALYZE`.execute(db); // the planner's statistics, as after autovacuum on a settled database
  console.log(`threads: ${THREADS}, posts: ${POSTS} on ${kind} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await db.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
