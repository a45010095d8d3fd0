import { sql, type Kysely } from "kysely";
import { isPostgres } from "./helpers";

// Search finds consultation comments (issue 26): kind "consultation", one entry per comment or
// reply that is not hidden, its text being the comment and the coordinators' public answer reason,
// under the consulted document's title. Frozen once landed: add a new migration instead.
//
// SQLite: the same triggers as 0007's sources (search_entries + search_fts in the writing
// transaction; 0008's triggers on search_entries queue the CJK bigrams). PostgreSQL: 0008's word
// index (search_words, kept by a trigger) and a trigram index for short and CJK/Latin-mixed terms,
// as 0007/0008 do for posts. Hiding and its parent's hiding are also checked at query time.

const TEXT = (n: string) => `${n}.body || ' ' || COALESCE(${n}.answer_reason, '')`;
const TITLE = (n: string) => `COALESCE((SELECT d.title FROM consultations c JOIN documents d ON d.id = c.document_id WHERE c.id = ${n}.consultation_id), '')`;
const COALITION = (n: string) => `(SELECT coalition_id FROM consultations WHERE id = ${n}.consultation_id)`;
const ENTRY_ID = (ref: string) => `(SELECT id FROM search_entries WHERE kind = 'consultation' AND ref_id = ${ref})`;

const removeEntry = (ref: string) => `DELETE FROM search_fts WHERE rowid = ${ENTRY_ID(ref)};
    DELETE FROM search_entries WHERE kind = 'consultation' AND ref_id = ${ref};`;
const addEntry = `INSERT INTO search_entries (kind, ref_id, coalition_id, at) SELECT 'consultation', new.id, ${COALITION("new")}, new.created_at WHERE new.hidden_at IS NULL;
    INSERT INTO search_fts (rowid, title, body) SELECT id, ${TITLE("new")}, ${TEXT("new")} FROM search_entries WHERE kind = 'consultation' AND ref_id = new.id AND new.hidden_at IS NULL;`;

async function upSqlite(db: Kysely<any>): Promise<void> {
  await sql.raw(`CREATE TRIGGER consultation_comments_search_ai AFTER INSERT ON consultation_comments BEGIN ${addEntry} END`).execute(db);
  await sql.raw(`CREATE TRIGGER consultation_comments_search_au AFTER UPDATE OF body, answer_reason, hidden_at ON consultation_comments BEGIN
    ${removeEntry("old.id")} ${addEntry} END`).execute(db);
  await sql.raw(`CREATE TRIGGER consultation_comments_search_ad AFTER DELETE ON consultation_comments BEGIN ${removeEntry("old.id")} END`).execute(db);
  await sql.raw(`INSERT INTO search_entries (kind, ref_id, coalition_id, at)
    SELECT 'consultation', new.id, ${COALITION("new")}, new.created_at FROM consultation_comments AS new WHERE new.hidden_at IS NULL`).execute(db);
  await sql.raw(`INSERT INTO search_fts (rowid, title, body)
    SELECT se.id, ${TITLE("new")}, ${TEXT("new")} FROM consultation_comments AS new JOIN search_entries se ON se.kind = 'consultation' AND se.ref_id = new.id`).execute(db);
}

async function upPostgres(db: Kysely<any>): Promise<void> {
  const folded = `cw_search_fold(${TEXT("NEW")})`;
  const vector = `to_tsvector('simple'::regconfig, ${folded}) || to_tsvector('simple'::regconfig, cw_cjk_grams(${folded}))`;
  await sql.raw(`CREATE FUNCTION cw_search_words_consultation_comments() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO search_words (kind, ref_id, words) VALUES ('consultation', NEW.id, ${vector})
      ON CONFLICT (kind, ref_id) DO UPDATE SET words = EXCLUDED.words;
      RETURN NULL;
    END $$`).execute(db);
  await sql`CREATE TRIGGER consultation_comments_search_words AFTER INSERT OR UPDATE OF body, answer_reason ON consultation_comments
    FOR EACH ROW EXECUTE FUNCTION cw_search_words_consultation_comments()`.execute(db);
  await sql`CREATE TRIGGER consultation_comments_search_words_delete AFTER DELETE ON consultation_comments
    FOR EACH ROW EXECUTE FUNCTION cw_search_words_delete('consultation')`.execute(db);
  await sql.raw(`INSERT INTO search_words (kind, ref_id, words) SELECT 'consultation', NEW.id, ${vector} FROM consultation_comments AS NEW`).execute(db);
  await sql.raw(`CREATE INDEX consultation_comments_search_trgm ON consultation_comments USING gin (cw_search_fold(${TEXT("consultation_comments")}) gin_trgm_ops) WHERE hidden_at IS NULL`).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await upPostgres(db);
  else await upSqlite(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`DROP INDEX consultation_comments_search_trgm`.execute(db);
    await sql`DROP TRIGGER consultation_comments_search_words ON consultation_comments`.execute(db);
    await sql`DROP TRIGGER consultation_comments_search_words_delete ON consultation_comments`.execute(db);
    await sql`DROP FUNCTION cw_search_words_consultation_comments()`.execute(db);
    await sql`DELETE FROM search_words WHERE kind = 'consultation'`.execute(db);
    return;
  }
  for (const t of ["ai", "au", "ad"]) await sql.raw(`DROP TRIGGER consultation_comments_search_${t}`).execute(db);
  await sql`DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_entries WHERE kind = 'consultation')`.execute(db);
  await sql`DELETE FROM search_entries WHERE kind = 'consultation'`.execute(db);
}
