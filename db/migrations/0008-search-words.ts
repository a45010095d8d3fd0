import { sql, type Kysely } from "kysely";
import { isPostgres } from "./helpers";

// Search, second index (issue 7 follow-up): the cases migration 0007's trigram indexes serve badly.
// Frozen once landed: add a new migration instead of editing this one.
//
// PostgreSQL: a word index. `search_words` holds to_tsvector('simple', cw_search_fold(…)) of
// the same texts as 0007's trigram indexes (coalitions, documents, threads, posts), with a GIN
// index. A word (or word-prefix) match is exact, so no row is rechecked with LIKE over its whole
// text (what made every query cost 200–300 ms at 2,000 documents). `cw_search_tsquery` turns a user term into a tsquery through PostgreSQL's own
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

/** Per source table: the kind, the indexed text (over NEW) and the columns whose change re-indexes it. */
const PG_SOURCES: Array<[table: string, kind: string, text: string, watched: string]> = [
  ["coalitions", "coalition", "NEW.name || ' ' || NEW.description", "name, description"],
  ["documents", "document", "NEW.title || ' ' || NEW.plain_text", "title, plain_text"],
  ["threads", "thread", "NEW.title", "title"],
  ["posts", "post", "NEW.body", "body"],
];

/** Kana, CJK ideographs and Hangul syllables as a PostgreSQL regex class. Kept in step with db/queries/search.ts. */
const PG_CJK_CLASS = "[\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff]";

/** Characters of scripts written without spaces between words (SQLite side). Kept in step with db/queries/search-cjk.ts. */
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
  // Stored vectors, not expression indexes: a phrase (`<->`) match must recheck every candidate,
  // and recomputing to_tsvector(cw_search_fold(text)) for thousands of candidates took seconds;
  // on a stored vector the recheck is cheap. A side table rather than a column keeps other
  // features' `SELECT *` as it was. Kept current by triggers in the writing transaction.
  await sql`CREATE TABLE search_words (
    kind text NOT NULL,
    ref_id text NOT NULL,
    words tsvector NOT NULL,
    PRIMARY KEY (kind, ref_id)
  )`.execute(db);
  await sql`CREATE FUNCTION cw_search_words_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN DELETE FROM search_words WHERE kind = TG_ARGV[0] AND ref_id = OLD.id; RETURN NULL; END $$`.execute(db);
  // Chinese/Japanese/Korean runs as overlapping bigrams (plus each run's last character), as in
  // SQLite's search_cjk: the `simple` parser sees a whole run as one word, so without these a
  // two-character word would be a LIKE scan. substr(run, i, 2) for every i gives exactly that.
  await sql.raw(`CREATE FUNCTION cw_cjk_grams(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT COALESCE(string_agg(substr(r.m[1], i, 2), ' ' ORDER BY r.n, i), '')
    FROM regexp_matches($1, '${PG_CJK_CLASS}+', 'g') WITH ORDINALITY AS r(m, n)
    CROSS JOIN LATERAL generate_series(1, char_length(r.m[1])) AS i $$`).execute(db);
  for (const [table, kind, text, watched] of PG_SOURCES) {
    const folded = `cw_search_fold(${text})`;
    const vector = `to_tsvector('simple'::regconfig, ${folded}) || to_tsvector('simple'::regconfig, cw_cjk_grams(${folded}))`;
    await sql.raw(`CREATE FUNCTION cw_search_words_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO search_words (kind, ref_id, words) VALUES ('${kind}', NEW.id, ${vector})
        ON CONFLICT (kind, ref_id) DO UPDATE SET words = EXCLUDED.words;
        RETURN NULL;
      END $$`).execute(db);
    await sql.raw(`CREATE TRIGGER ${table}_search_words AFTER INSERT OR UPDATE OF ${watched} ON ${table}
      FOR EACH ROW EXECUTE FUNCTION cw_search_words_${table}()`).execute(db);
    await sql.raw(`CREATE TRIGGER ${table}_search_words_delete AFTER DELETE ON ${table}
      FOR EACH ROW EXECUTE FUNCTION cw_search_words_delete('${kind}')`).execute(db);
    await sql.raw(`INSERT INTO search_words (kind, ref_id, words) SELECT '${kind}', NEW.id, ${vector} FROM ${table} AS NEW`).execute(db);
  }
  // Built after the backfill: one pass instead of 100,000 index insertions.
  await sql`CREATE INDEX search_words_gin ON search_words USING gin (words)`.execute(db);
  // Newest-first walks for words found in many rows (db/queries/search.ts stops after a page).
  await sql`CREATE INDEX posts_search_live_created_idx ON posts (created_at) WHERE deleted_at IS NULL AND hidden_at IS NULL`.execute(db);
  await sql`CREATE INDEX documents_search_live_at_idx ON documents ((COALESCE(last_edited_at, updated_at))) WHERE archived_at IS NULL`.execute(db);
  // Planner statistics for the new table and expression index, so the word-index-or-walk choice is right from the start.
  await sql`ANALYZE search_words`.execute(db);
  await sql`ANALYZE documents`.execute(db);
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
    await sql`DROP INDEX documents_search_live_at_idx`.execute(db);
    await sql`DROP INDEX posts_search_live_created_idx`.execute(db);
    for (const [table] of PG_SOURCES) {
      await sql.raw(`DROP TRIGGER ${table}_search_words ON ${table}`).execute(db);
      await sql.raw(`DROP TRIGGER ${table}_search_words_delete ON ${table}`).execute(db);
      await sql.raw(`DROP FUNCTION cw_search_words_${table}()`).execute(db);
    }
    await sql`DROP FUNCTION cw_search_words_delete()`.execute(db);
    await sql`DROP FUNCTION cw_cjk_grams(text)`.execute(db);
    await sql`DROP TABLE search_words`.execute(db);
    return;
  }
  for (const t of ["search_entries_cjk_ai", "search_entries_cjk_ad", "documents_search_cjk_rename"]) await sql.raw(`DROP TRIGGER ${t}`).execute(db);
  await sql`DROP TABLE search_cjk_pending`.execute(db);
  await sql`DROP TABLE search_cjk`.execute(db);
}
