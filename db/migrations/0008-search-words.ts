import { sql, type Kysely } from "kysely";
import { isPostgres } from "./helpers";

// Search, second index (issue 7 follow-up): the cases migration 0007's trigram indexes serve badly.
// Frozen once landed: add a new migration instead of editing this one.
//
// PostgreSQL: word indexes. GIN over to_tsvector('simple', cw_search_fold(…)) for the same
// expressions as 0007's trigram indexes. A word (or word-prefix) match on them is exact, so no
// row is rechecked with LIKE over its whole text (what made every query cost 200–300 ms at 2,000
// documents). `cw_search_tsquery` turns a user term into a tsquery through PostgreSQL's own
// parser (never by pasting user text into tsquery syntax). Trigrams stay for Chinese and 1–2
// character terms (db/queries/search.ts decides).
//
// SQLite: an FTS5 table of CJK character bigrams. Trigram FTS5 cannot index a 1–2 character
// term, so a two-character Chinese word was a scan of every row. `search_cjk` holds, for each
// search_entries row whose text has Han/kana/Hangul, its runs of such characters cut into
// overlapping bigrams (plus each run's last character), with the unicode61 tokenizer: a
// two-character word is then one token and a single character a token prefix. SQL alone cannot
// compute bigrams (no CTEs in triggers, and a custom function would have to be registered on
// every connection that writes), so triggers only queue entries in `search_cjk_pending` and the
// search code indexes the queue (in JS) before answering any query that needs this table:
// still findable as soon as saved.

const PG_WORD_INDEXES: Array<[name: string, table: string, expr: string, where?: string]> = [
  ["coalitions_search_words", "coalitions", "name || ' ' || description"],
  ["documents_search_words", "documents", "title || ' ' || plain_text", "archived_at IS NULL"],
  ["threads_search_words", "threads", "title"],
  ["posts_search_words", "posts", "body", "deleted_at IS NULL AND hidden_at IS NULL"],
];

/** Characters of scripts written without spaces between words. Kept in step with db/queries/search-cjk.ts. */
const UNSPACED_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;

/** The bigram text of a title and body ("" when there is no CJK). Same as db/queries/search-cjk.ts. */
function cjkGrams(text: string): string {
  const out: string[] = [];
  for (const m of text.matchAll(UNSPACED_RUN)) {
    const chars = [...m[0]];
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    out.push(chars[chars.length - 1]);
  }
  return out.join(" ");
}

async function upSqlite(db: Kysely<any>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE search_cjk USING fts5(grams, tokenize = 'unicode61')`.execute(db);
  await sql`CREATE TABLE search_cjk_pending (entry_id INTEGER PRIMARY KEY)`.execute(db);
  // 0007's triggers re-create the search_entries row whenever an item's text changes, so
  // watching search_entries sees every change.
  await sql`CREATE TRIGGER search_entries_cjk_ai AFTER INSERT ON search_entries BEGIN
    INSERT OR IGNORE INTO search_cjk_pending (entry_id) VALUES (new.id); END`.execute(db);
  await sql`CREATE TRIGGER search_entries_cjk_ad AFTER DELETE ON search_entries BEGIN
    DELETE FROM search_cjk WHERE rowid = old.id;
    DELETE FROM search_cjk_pending WHERE entry_id = old.id; END`.execute(db);
  // …except a document rename, which 0007 writes straight into its outputs' FTS titles.
  await sql`CREATE TRIGGER documents_search_cjk_rename AFTER UPDATE OF title ON documents BEGIN
    INSERT OR IGNORE INTO search_cjk_pending (entry_id)
      SELECT se.id FROM search_entries se JOIN document_versions v ON se.kind = 'output' AND se.ref_id = v.id
      WHERE v.document_id = new.id; END`.execute(db);
  // Backfill.
  let after = 0;
  for (;;) {
    const rows = await sql<{ id: number; title: string; body: string }>`
      SELECT rowid AS id, title, body FROM search_fts WHERE rowid > ${after} ORDER BY rowid LIMIT 2000`.execute(db);
    if (!rows.rows.length) break;
    for (const r of rows.rows) {
      const grams = cjkGrams(`${r.title ?? ""}\n${r.body ?? ""}`);
      if (grams) await sql`INSERT INTO search_cjk (rowid, grams) VALUES (${r.id}, ${grams})`.execute(db);
    }
    after = rows.rows[rows.rows.length - 1].id;
  }
}

async function upPostgres(db: Kysely<any>): Promise<void> {
  for (const [name, table, expr, where] of PG_WORD_INDEXES) {
    await sql.raw(`CREATE INDEX ${name} ON ${table} USING gin (to_tsvector('simple'::regconfig, cw_search_fold(${expr})))${where ? ` WHERE ${where}` : ""}`).execute(db);
  }
  // A term as a tsquery: its words adjacent (<->), the last one as a prefix when asked.
  // phraseto_tsquery quotes every lexeme, so appending `:*` to its text is always valid syntax.
  await sql`CREATE OR REPLACE FUNCTION cw_search_tsquery(term text, prefix boolean) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT CASE WHEN NOT prefix OR q::text = '' THEN q ELSE (q::text || ':*')::tsquery END
          FROM phraseto_tsquery('simple'::regconfig, cw_search_fold(term)) AS q $$`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await upPostgres(db);
  else await upSqlite(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`DROP FUNCTION cw_search_tsquery(text, boolean)`.execute(db);
    for (const [name] of PG_WORD_INDEXES) await sql.raw(`DROP INDEX ${name}`).execute(db);
    return;
  }
  for (const t of ["search_entries_cjk_ai", "search_entries_cjk_ad", "documents_search_cjk_rename"]) await sql.raw(`DROP TRIGGER ${t}`).execute(db);
  await sql`DROP TABLE search_cjk_pending`.execute(db);
  await sql`DROP TABLE search_cjk`.execute(db);
}
