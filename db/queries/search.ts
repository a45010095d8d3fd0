import { PostgresAdapter, sql, type RawBuilder } from "kysely";
import type { SearchKind } from "../schema";
import { cjkMatchQuery, isShortCjk, syncCjkIndex } from "./search-cjk";
import type { Executor } from "./users";

/**
 * Full-text search with a dialect seam.
 *
 * - SQLite: the FTS5 table `search_fts` (trigram tokenizer, diacritics folded) kept current by
 *   triggers (migration 0007); `search_entries` maps rows to sources, coalitions and dates.
 * - PostgreSQL: the source tables themselves, through GIN pg_trgm expression indexes over
 *   `cw_search_fold(...)` (unaccent + lower), with `LIKE '%term%'`.
 *
 * Results come newest first (on both dialects): fast at any match count, and what a workspace
 * usually wants; counting stops at `countCap`.
 *
 * Permission filtering happens in the WHERE clause (a result page is never short and the
 * count never includes what the viewer may not read): each kind carries the list of coalition
 * states ("visibility:role:archived", computed by app/lib/search-policy.ts from THE permission
 * table) under which the viewer may read it, and the query computes the state of every row.
 */

export interface SearchTermInput {
  text: string;
  phrase: boolean;
  prefix: boolean;
}

export interface SearchIndexParams {
  terms: SearchTermInput[];
  viewerId: string | null;
  /** Per kind, the coalition states in which the viewer may read it; an empty list excludes the kind. */
  readable: Record<SearchKind, string[]>;
  /**
   * The coalition states in which the viewer also reaches members-only threads (and their posts);
   * elsewhere only public threads are found. Absent: nowhere (fails closed).
   */
  membersOnly?: string[];
  kinds?: SearchKind[];
  coalitionSlug?: string;
  /** Inclusive lower and exclusive upper bounds on the item's date (ISO strings). */
  from?: string;
  to?: string;
  limit: number;
  offset: number;
  /** Counting stops here; `total` is then `countCap` and `capped` is true. */
  countCap?: number;
}

export interface SearchHit {
  kind: SearchKind;
  refId: string;
  coalitionId: string;
  at: string;
}

export interface SearchIndexResult {
  hits: SearchHit[];
  total: number;
  capped: boolean;
}

/** A character of a script written without spaces: word indexes cannot split it into words. */
const UNSPACED_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** Kana, CJK ideographs, Hangul syllables: what migration 0008 indexes as bigrams on PostgreSQL. */
const PG_CJK_ONLY = /^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+$/;

const KINDS: SearchKind[] = ["coalition", "document", "output", "thread", "post", "consultation"];

/** Terms shorter than a trigram cannot use the index; they are matched by LIKE instead. */
export const MIN_INDEXED_LENGTH = 3;

function isPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** A LIKE pattern matching the text anywhere, with LIKE's own wildcards escaped. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** An FTS5 string literal: the only FTS syntax a user's text ever becomes. */
export function fts5Literal(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

const STATE_SQL = sql`c.visibility || ':' || COALESCE(m.role, 'none') || ':' || (CASE WHEN c.archived_at IS NULL THEN '0' ELSE '1' END)`;

/** The hit's thread is public (aliases: e = the hit); for a thread or a post, SQLite's index rows. */
const PUBLIC_THREAD_SQL: Partial<Record<SearchKind, RawBuilder<unknown>>> = {
  thread: sql`EXISTS (SELECT 1 FROM threads t WHERE t.id = e.ref_id AND t.audience = 'public')`,
  post: sql`EXISTS (SELECT 1 FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = e.ref_id AND t.audience = 'public')`,
};

/** A kind's audience condition: members-only threads only in the states that reach them. */
function audienceCondition(p: SearchIndexParams, kind: SearchKind): RawBuilder<unknown> | null {
  const isPublic = PUBLIC_THREAD_SQL[kind];
  if (!isPublic) return null;
  return p.membersOnly?.length ? sql`(${STATE_SQL} IN (${sql.join(p.membersOnly)}) OR ${isPublic})` : isPublic;
}

/** A consultation comment is found only while shown: neither it nor the comment it answers is hidden (on both dialects, whatever the index holds). */
const SHOWN_COMMENT_SQL = sql`EXISTS (SELECT 1 FROM consultation_comments k LEFT JOIN consultation_comments kp ON kp.id = k.parent_id
  WHERE k.id = e.ref_id AND k.hidden_at IS NULL AND (kp.id IS NULL OR kp.hidden_at IS NULL))`;

/** The permission and filter conditions shared by both dialects (aliases: e = the hit, c, m). */
function commonConditions(p: SearchIndexParams): RawBuilder<unknown>[] {
  const kinds = (p.kinds?.length ? p.kinds : KINDS).filter((k) => p.readable[k]?.length);
  const perKind = kinds.map((k) => {
    const audience = audienceCondition(p, k);
    const shown = k === "consultation" ? sql` AND ${SHOWN_COMMENT_SQL}` : sql``;
    return sql`(e.kind = ${k} AND ${STATE_SQL} IN (${sql.join(p.readable[k])})${audience ? sql` AND ${audience}` : sql``}${shown})`;
  });
  const out: RawBuilder<unknown>[] = [perKind.length ? sql`(${sql.join(perKind, sql` OR `)})` : sql`1 = 0`];
  if (p.coalitionSlug) out.push(sql`c.slug = ${p.coalitionSlug}`);
  if (p.from) out.push(sql`e.at >= ${p.from}`);
  if (p.to) out.push(sql`e.at < ${p.to}`);
  // Outputs: only each document's latest published version (older ones would repeat it).
  out.push(sql`(e.kind <> 'output' OR NOT EXISTS (
    SELECT 1 FROM document_versions v JOIN document_versions v2 ON v2.document_id = v.document_id AND v2.number > v.number
    WHERE v.id = e.ref_id))`);
  return out;
}

async function searchSqlite(db: Executor, p: SearchIndexParams): Promise<SearchIndexResult> {
  const indexed = p.terms.filter((t) => [...t.text].length >= MIN_INDEXED_LENGTH);
  const cjk = p.terms.filter((t) => isShortCjk(t.text));
  const short = p.terms.filter((t) => [...t.text].length < MIN_INDEXED_LENGTH && !isShortCjk(t.text));
  const where: RawBuilder<unknown>[] = [];
  if (indexed.length) where.push(sql`search_fts MATCH ${indexed.map((t) => fts5Literal(t.text)).join(" AND ")}`);
  if (cjk.length) {
    // 1–2 Chinese/Japanese/Korean characters: the bigram table (migration 0008), not a scan.
    await syncCjkIndex(db);
    where.push(sql`search_fts.rowid IN (SELECT rowid FROM search_cjk WHERE search_cjk MATCH ${cjkMatchQuery(cjk.map((t) => t.text))})`);
  }
  // Other 1–2 character terms (`EU`, `5G`): matched by LIKE; fast when another term narrows the rows.
  for (const t of short) {
    where.push(sql`(search_fts.title LIKE ${likePattern(t.text)} ESCAPE '\\' OR search_fts.body LIKE ${likePattern(t.text)} ESCAPE '\\')`);
  }
  where.push(...commonConditions(p));
  const from = sql`FROM search_fts
    JOIN search_entries e ON e.id = search_fts.rowid
    JOIN coalitions c ON c.id = e.coalition_id
    LEFT JOIN memberships m ON m.coalition_id = e.coalition_id AND m.user_id = ${p.viewerId}
    WHERE ${sql.join(where, sql` AND `)}`;
  // Newest first, by index row (a row is re-indexed when its text changes): FTS5 walks its
  // doclists backwards and stops after the page, so a word in 30,000 posts costs no more than a
  // rare one. bm25() would first scan every match for its statistics (~250 ms at 100k posts).
  // One pass for both the page and the (capped) count: a few thousand small tuples at most.
  const cap = Math.max(p.countCap ?? 1000, p.offset + p.limit);
  const rows = await sql<{ kind: SearchKind; ref_id: string; coalition_id: string; at: string }>`
    SELECT e.kind, e.ref_id, e.coalition_id, e.at ${from}
    ORDER BY search_fts.rowid DESC LIMIT ${cap + 1}`.execute(db);
  return shape(rows.rows.slice(p.offset, p.offset + p.limit), rows.rows.length, cap);
}

/** One branch per kind over the live source rows: (kind, ref_id, coalition_id, at). */
function postgresBranches(p: SearchIndexParams): Array<[SearchKind, RawBuilder<unknown>]> {
  // Terms in spaced scripts go through the word index of migration 0008 (`search_words`: stored
  // tsvectors under GIN, exact matches, no recheck of whole texts); each word is matched as a
  // prefix (`stand` finds `standards`, as the substring search on SQLite does), a phrase's words
  // must be adjacent. Chinese/Japanese/Korean and 1–2 character terms keep the trigram indexes of
  // 0007 and `LIKE`.
  // A term made only of CJK characters is matched through their bigrams (also in search_words).
  const byWords = (t: SearchTermInput) => [...t.text].length >= MIN_INDEXED_LENGTH && !UNSPACED_CHAR.test(t.text);
  const byGrams = (t: SearchTermInput) => PG_CJK_ONLY.test(t.text);
  const wordTerms = p.terms.filter((t) => byWords(t) || byGrams(t));
  const likeTerms = p.terms.filter((t) => !byWords(t) && !byGrams(t));
  const tsquery = (t: SearchTermInput) => {
    if (!byGrams(t)) return sql`cw_search_tsquery(${t.text}, true)`;
    const chars = [...t.text];
    if (chars.length === 1) return sql`cw_search_tsquery(${t.text}, true)`; // a character starts a bigram or ends a run
    return sql`cw_search_tsquery(${chars.slice(1).map((c, i) => chars[i] + c).join(" ")}, false)`; // adjacent bigrams
  };
  const match = (kind: SearchKind, haystack: RawBuilder<unknown>) => {
    const conds = likeTerms.map((t) => sql`cw_search_fold(${haystack}) LIKE cw_search_fold(${likePattern(t.text)})`);
    if (wordTerms.length) {
      const words = wordTerms.map((t) => sql`w.words @@ ${tsquery(t)}`);
      const ids = sql`SELECT w.ref_id FROM search_words w WHERE w.kind = ${kind} AND ${sql.join(words, sql` AND `)}`;
      // A semi-join: the word index feeds it (counting stops at the cap), or the kind is walked
      // newest-first for a common word. For a phrase or CJK bigrams (rare, but a recheck per
      // candidate, which the planner misjudges) ANY(ARRAY(…)) collects the matches once.
      const few = wordTerms.some((t) => t.text.includes(" ") || byGrams(t));
      conds.unshift(few ? sql`x.id = ANY(ARRAY(${ids}))` : sql`x.id IN (${ids})`);
    }
    return sql.join(conds, sql` AND `);
  };
  const wanted = new Set((p.kinds?.length ? p.kinds : KINDS).filter((k) => p.readable[k]?.length));
  const branches: Array<[SearchKind, RawBuilder<unknown>]> = [];
  // Every branch names its columns: any one of them may be the first (or only) one.
  // The haystack expressions repeat the index expressions of migration 0007 exactly, so the planner uses them.
  if (wanted.has("coalition")) {
    branches.push(["coalition", sql`SELECT 'coalition' AS kind, x.id AS ref_id, x.id AS coalition_id, x.updated_at AS at
      FROM coalitions x WHERE ${match("coalition", sql`x.name || ' ' || x.description`)}`]);
  }
  if (wanted.has("document")) {
    branches.push(["document", sql`SELECT 'document' AS kind, x.id AS ref_id, x.coalition_id, COALESCE(x.last_edited_at, x.updated_at) AS at
      FROM documents x WHERE x.archived_at IS NULL AND ${match("document", sql`x.title || ' ' || x.plain_text`)}`]);
  }
  if (wanted.has("output")) {
    // An output is found by its document's title too (as on SQLite); published versions are few,
    // so the per-term OR (which cannot use one index) stays cheap.
    const eachTerm = p.terms.map(
      (t) => sql`(cw_search_fold(x.label || ' ' || COALESCE(x.note, '') || ' ' || x.plain_text) LIKE cw_search_fold(${likePattern(t.text)})
        OR cw_search_fold(d.title) LIKE cw_search_fold(${likePattern(t.text)}))`,
    );
    branches.push(["output", sql`SELECT 'output' AS kind, x.id AS ref_id, x.coalition_id, x.published_at AS at
      FROM document_versions x JOIN documents d ON d.id = x.document_id WHERE ${sql.join(eachTerm, sql` AND `)}`]);
  }
  if (wanted.has("thread")) {
    branches.push(["thread", sql`SELECT 'thread' AS kind, x.id AS ref_id, x.coalition_id, x.created_at AS at, x.audience FROM threads x WHERE ${match("thread", sql`x.title`)}`]);
  }
  if (wanted.has("post")) {
    branches.push(["post", sql`SELECT 'post' AS kind, x.id AS ref_id, t.coalition_id, x.created_at AS at, t.audience
      FROM posts x JOIN threads t ON t.id = x.thread_id
      WHERE x.deleted_at IS NULL AND x.hidden_at IS NULL AND ${match("post", sql`x.body`)}`]);
  }
  if (wanted.has("consultation")) {
    // Consultation comments and replies (migration 0035), shown ones only.
    branches.push(["consultation", sql`SELECT 'consultation' AS kind, x.id AS ref_id, c.coalition_id, x.created_at AS at
      FROM consultation_comments x JOIN consultations c ON c.id = x.consultation_id
      WHERE x.hidden_at IS NULL AND NOT EXISTS (SELECT 1 FROM consultation_comments kp WHERE kp.id = x.parent_id AND kp.hidden_at IS NOT NULL)
        AND ${match("consultation", sql`x.body || ' ' || COALESCE(x.answer_reason, '')`)}`]);
  }
  return branches;
}

async function searchPostgres(db: Executor, p: SearchIndexParams): Promise<SearchIndexResult> {
  // Permissions first, from the same state table as the SQLite query: the coalitions whose
  // items of each kind the viewer may read (a few hundred rows at most). Each branch is then
  // filtered by a plain list of coalition ids, which keeps the join with coalitions and
  // memberships out of the big query (it made the planner cross-join the word matches with
  // coalitions: seconds for a visitor). Still filtering in the query: pages are never short.
  const states = await sql<{ id: string; slug: string; state: string }>`
    SELECT c.id, c.slug, ${STATE_SQL} AS state FROM coalitions c
    LEFT JOIN memberships m ON m.coalition_id = c.id AND m.user_id = ${p.viewerId}`.execute(db);
  const readableIn = (kind: SearchKind) =>
    states.rows.filter((c) => p.readable[kind]?.includes(c.state) && (!p.coalitionSlug || c.slug === p.coalitionSlug)).map((c) => c.id);
  // Where the viewer reaches members-only threads; elsewhere the thread and post branches keep public threads only.
  const membersIn = states.rows.filter((c) => p.membersOnly?.includes(c.state)).map((c) => c.id);
  const scoped = (kind: SearchKind, branch: RawBuilder<unknown>, ids: string[], limit?: number) => {
    const where = [sql`e.coalition_id IN (${sql.join(ids)})`];
    if (kind === "thread" || kind === "post") {
      where.push(membersIn.length ? sql`(e.audience = 'public' OR e.coalition_id IN (${sql.join(membersIn)}))` : sql`e.audience = 'public'`);
    }
    if (p.from) where.push(sql`e.at >= ${p.from}`);
    if (p.to) where.push(sql`e.at < ${p.to}`);
    // Outputs: only each document's latest published version (older ones would repeat it).
    if (kind === "output") {
      where.push(sql`NOT EXISTS (SELECT 1 FROM document_versions v JOIN document_versions v2 ON v2.document_id = v.document_id AND v2.number > v.number WHERE v.id = e.ref_id)`);
    }
    return sql`SELECT e.kind, e.ref_id, e.coalition_id, e.at FROM (${branch}) AS e WHERE ${sql.join(where, sql` AND `)}${
      limit === undefined ? sql`` : sql` ORDER BY e.at DESC, e.ref_id LIMIT ${limit}`}`;
  };
  const build = (limit?: number) =>
    postgresBranches(p)
      .map(([kind, branch]) => [kind, branch, readableIn(kind)] as const)
      .filter(([, , ids]) => ids.length)
      .map(([kind, branch, ids]) => sql`(${scoped(kind, branch, ids, limit)})`);
  // Each branch counts its newest cap+1 matches: ordered like the page, so for a common word the
  // planner walks the kind newest-first and stops instead of reading every match.
  const cap = Math.max(p.countCap ?? 1000, p.offset + p.limit);
  const counted = build(cap + 1);
  if (!counted.length) return { hits: [], total: 0, capped: false };
  // One statement counts and, when every match fits under the cap (a rare word, a phrase: the
  // costly matching), also pages through them: the matches are found once, not once per query.
  const first = await sql<{ n: number; kind: SearchKind | null; ref_id: string | null; coalition_id: string | null; at: string | null }>`
    WITH m AS MATERIALIZED (SELECT * FROM (${sql.join(counted, sql` UNION ALL `)}) AS u LIMIT ${cap + 1})
    SELECT c.n, r.kind, r.ref_id, r.coalition_id, r.at FROM (SELECT COUNT(*) AS n FROM m) AS c
    LEFT JOIN LATERAL (SELECT * FROM m ORDER BY m.at DESC, m.ref_id LIMIT ${p.limit} OFFSET ${p.offset}) AS r ON true`.execute(db);
  const n = Number(first.rows[0]?.n ?? 0);
  if (n <= p.offset) return shape([], n, cap);
  if (n <= cap) return shape(first.rows.filter((r) => r.kind !== null) as Array<{ kind: SearchKind; ref_id: string; coalition_id: string; at: string }>, n, cap);
  // More matches than the cap (a common word): the count stopped early, so the page comes from a
  // second query in which each branch brings only its newest offset+limit rows (the page is among
  // them), so a kind can be walked newest-first and left early.
  const rows = await sql<{ kind: SearchKind; ref_id: string; coalition_id: string; at: string }>`
    SELECT r.kind, r.ref_id, r.coalition_id, r.at FROM (${sql.join(build(p.offset + p.limit), sql` UNION ALL `)}) AS r
    ORDER BY r.at DESC, r.ref_id LIMIT ${p.limit} OFFSET ${p.offset}`.execute(db);
  return shape(rows.rows, n, cap);
}

function shape(rows: Array<{ kind: SearchKind; ref_id: string; coalition_id: string; at: string }>, n: number, cap: number): SearchIndexResult {
  return {
    hits: rows.map((r) => ({ kind: r.kind, refId: r.ref_id, coalitionId: r.coalition_id, at: r.at })),
    total: Math.min(n, cap),
    capped: n > cap,
  };
}

/** Finds what the viewer may read, ranked, one page at a time. `terms` must not be empty. */
export function searchIndex(db: Executor, p: SearchIndexParams): Promise<SearchIndexResult> {
  if (!p.terms.length) return Promise.resolve({ hits: [], total: 0, capped: false });
  return isPostgres(db) ? searchPostgres(db, p) : searchSqlite(db, p);
}
