import { sql } from "kysely";
import type { Executor } from "./users";

/**
 * SQLite's index of CJK character bigrams (migration 0008): what finds a one- or two-character
 * Chinese/Japanese/Korean term without scanning every row (the trigram FTS table cannot hold it).
 * Triggers queue changed entries in `search_cjk_pending`; `syncCjkIndex` indexes the queue and
 * runs before every query that reads `search_cjk`, so nothing saved is ever missed.
 */

/** Characters of scripts written without spaces between words. Kept in step with migration 0008. */
const UNSPACED_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
const UNSPACED_ONLY = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+$/u;

/** Runs of CJK characters as overlapping bigrams plus each run's last character, space-separated. */
export function cjkGrams(text: string): string {
  const out: string[] = [];
  for (const m of text.matchAll(UNSPACED_RUN)) {
    const chars = [...m[0]];
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    out.push(chars[chars.length - 1]);
  }
  return out.join(" ");
}

/** True for a 1–2 character term made only of CJK characters: the bigram table answers it. */
export function isShortCjk(text: string): boolean {
  const n = [...text].length;
  return n >= 1 && n <= 2 && UNSPACED_ONLY.test(text);
}

/**
 * The FTS5 query for short CJK terms (all must match): a two-character term is one bigram
 * token; a single character is the prefix of a token (every occurrence starts one).
 */
export function cjkMatchQuery(terms: string[]): string {
  return terms.map((t) => ([...t].length === 1 ? `"${t}" *` : `"${t}"`)).join(" AND ");
}

/** Indexes whatever the triggers queued. Cheap when the queue is empty (one indexed read). */
export async function syncCjkIndex(db: Executor): Promise<void> {
  const BATCH = 500;
  // Read and write in one transaction, so an entry re-queued meanwhile is not marked done with stale text.
  const step = async (tx: Executor): Promise<number> => {
    const pending = await sql<{ id: number; title: string | null; body: string | null }>`
      SELECT p.entry_id AS id, f.title, f.body FROM search_cjk_pending p
      LEFT JOIN search_fts f ON f.rowid = p.entry_id ORDER BY p.entry_id LIMIT ${BATCH}`.execute(tx);
    for (const r of pending.rows) {
      await sql`DELETE FROM search_cjk WHERE rowid = ${r.id}`.execute(tx);
      const grams = cjkGrams(`${r.title ?? ""}\n${r.body ?? ""}`);
      if (grams) await sql`INSERT INTO search_cjk (rowid, grams) VALUES (${r.id}, ${grams})`.execute(tx);
      await sql`DELETE FROM search_cjk_pending WHERE entry_id = ${r.id}`.execute(tx);
    }
    return pending.rows.length;
  };
  for (;;) {
    const n = db.isTransaction ? await step(db) : await db.transaction().execute(step);
    if (n < BATCH) return;
  }
}
