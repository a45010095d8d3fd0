import { sql, type Kysely } from "kysely";
import { isPostgres } from "./helpers";

// Search and activity. Frozen in time once landed: add a new migration instead of editing this one.
//
// SQLite: one FTS5 table (trigram tokenizer, so Chinese without spaces and any substring of a
// word in any script is found; diacritics folded) holding only what is *live*: coalitions,
// non-archived documents, published versions, threads, and posts neither deleted nor hidden.
// `search_entries` maps each FTS row to its source (kind, id) and carries the coalition and a
// date so that permission and filter checks are plain joins. Triggers on the source tables keep
// both current in the same transaction as the write, so an item is findable (or gone) at once.
//
// PostgreSQL: no copy at all. Expression GIN trigram indexes over the source columns, folded
// by an IMMUTABLE wrapper of unaccent + lower, serve `LIKE '%term%'` (see db/queries/search.ts).

const FTS_ENTRY_ID = (kind: string, ref: string) => `(SELECT id FROM search_entries WHERE kind = '${kind}' AND ref_id = ${ref})`;

/** Statements that (re)index one source row, given SQL expressions over NEW/OLD. */
function removeEntry(kind: string, ref: string): string {
  return `DELETE FROM search_fts WHERE rowid = ${FTS_ENTRY_ID(kind, ref)};
    DELETE FROM search_entries WHERE kind = '${kind}' AND ref_id = ${ref};`;
}
function addEntry(kind: string, o: { ref: string; coalition: string; at: string; title: string; body: string; live: string }): string {
  return `INSERT INTO search_entries (kind, ref_id, coalition_id, at) SELECT '${kind}', ${o.ref}, ${o.coalition}, ${o.at} WHERE ${o.live};
    INSERT INTO search_fts (rowid, title, body) SELECT id, ${o.title}, ${o.body} FROM search_entries WHERE kind = '${kind}' AND ref_id = ${o.ref} AND ${o.live};`;
}

interface Source {
  kind: string;
  table: string;
  /** Columns whose change re-indexes the row. */
  watched: string[];
  entry: (row: "new") => { ref: string; coalition: string; at: string; title: string; body: string; live: string };
}

const SOURCES: Source[] = [
  {
    kind: "coalition",
    table: "coalitions",
    watched: ["name", "description", "updated_at"],
    entry: (n) => ({ ref: `${n}.id`, coalition: `${n}.id`, at: `${n}.updated_at`, title: `${n}.name`, body: `${n}.description`, live: "1" }),
  },
  {
    kind: "document",
    table: "documents",
    watched: ["title", "plain_text", "archived_at", "coalition_id"],
    entry: (n) => ({
      ref: `${n}.id`, coalition: `${n}.coalition_id`, at: `COALESCE(${n}.last_edited_at, ${n}.updated_at)`,
      title: `${n}.title`, body: `${n}.plain_text`, live: `${n}.archived_at IS NULL`,
    }),
  },
  {
    kind: "output",
    table: "document_versions",
    watched: ["label", "note", "plain_text", "coalition_id"],
    entry: (n) => ({
      ref: `${n}.id`, coalition: `${n}.coalition_id`, at: `${n}.published_at`,
      title: `COALESCE((SELECT title FROM documents WHERE id = ${n}.document_id), '') || ' ' || ${n}.label`,
      body: `COALESCE(${n}.note, '') || ' ' || ${n}.plain_text`, live: "1",
    }),
  },
  {
    kind: "thread",
    table: "threads",
    watched: ["title", "coalition_id"],
    entry: (n) => ({ ref: `${n}.id`, coalition: `${n}.coalition_id`, at: `${n}.created_at`, title: `${n}.title`, body: "''", live: "1" }),
  },
  {
    kind: "post",
    table: "posts",
    watched: ["body", "deleted_at", "hidden_at", "thread_id"],
    entry: (n) => ({
      ref: `${n}.id`, coalition: `(SELECT coalition_id FROM threads WHERE id = ${n}.thread_id)`, at: `${n}.created_at`,
      title: "''", body: `${n}.body`, live: `${n}.deleted_at IS NULL AND ${n}.hidden_at IS NULL`,
    }),
  },
];

async function upSqlite(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE search_entries (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    ref_id TEXT NOT NULL,
    coalition_id TEXT NOT NULL,
    at TEXT NOT NULL,
    UNIQUE (kind, ref_id)
  )`.execute(db);
  await sql`CREATE INDEX search_entries_coalition_idx ON search_entries (coalition_id, kind)`.execute(db);
  await sql`CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize = 'trigram remove_diacritics 1')`.execute(db);

  for (const s of SOURCES) {
    const e = s.entry("new");
    await sql.raw(`CREATE TRIGGER ${s.table}_search_ai AFTER INSERT ON ${s.table} BEGIN ${addEntry(s.kind, e)} END`).execute(db);
    await sql.raw(`CREATE TRIGGER ${s.table}_search_au AFTER UPDATE OF ${s.watched.join(", ")} ON ${s.table} BEGIN
      ${removeEntry(s.kind, "old.id")} ${addEntry(s.kind, e)} END`).execute(db);
    await sql.raw(`CREATE TRIGGER ${s.table}_search_ad AFTER DELETE ON ${s.table} BEGIN ${removeEntry(s.kind, "old.id")} END`).execute(db);
    // Backfill what exists already.
    await sql.raw(`INSERT INTO search_entries (kind, ref_id, coalition_id, at)
      SELECT '${s.kind}', ${e.ref}, ${e.coalition}, ${e.at} FROM ${s.table} AS new WHERE ${e.live}`).execute(db);
    await sql.raw(`INSERT INTO search_fts (rowid, title, body)
      SELECT se.id, ${e.title}, ${e.body} FROM ${s.table} AS new JOIN search_entries se ON se.kind = '${s.kind}' AND se.ref_id = new.id`).execute(db);
  }
  // Dates shown and filtered on move without re-indexing the text.
  await sql`CREATE TRIGGER documents_search_at AFTER UPDATE OF last_edited_at, updated_at ON documents BEGIN
    UPDATE search_entries SET at = COALESCE(new.last_edited_at, new.updated_at) WHERE kind = 'document' AND ref_id = new.id; END`.execute(db);
  // A thread moved to another coalition takes its posts along.
  await sql`CREATE TRIGGER threads_search_move AFTER UPDATE OF coalition_id ON threads BEGIN
    UPDATE search_entries SET coalition_id = new.coalition_id WHERE kind = 'post' AND ref_id IN (SELECT id FROM posts WHERE thread_id = new.id); END`.execute(db);
  // A renamed document renames its outputs' titles in the index.
  await sql`CREATE TRIGGER documents_search_rename_outputs AFTER UPDATE OF title ON documents BEGIN
    UPDATE search_fts SET title = new.title || ' ' || (SELECT label FROM document_versions v WHERE v.id = (SELECT ref_id FROM search_entries WHERE id = search_fts.rowid))
    WHERE rowid IN (SELECT se.id FROM search_entries se JOIN document_versions v ON se.kind = 'output' AND se.ref_id = v.id WHERE v.document_id = new.id); END`.execute(db);
}

const PG_INDEXES: Array<[name: string, table: string, expr: string, where?: string]> = [
  ["coalitions_search_trgm", "coalitions", "name || ' ' || description"],
  ["documents_search_trgm", "documents", "title || ' ' || plain_text", "archived_at IS NULL"],
  ["document_versions_search_trgm", "document_versions", "label || ' ' || COALESCE(note, '') || ' ' || plain_text"],
  ["threads_search_trgm", "threads", "title"],
  ["posts_search_trgm", "posts", "body", "deleted_at IS NULL AND hidden_at IS NULL"],
];

async function upPostgres(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);
  // unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes the
  // wrapper safe to declare IMMUTABLE, which expression indexes require.
  await sql`CREATE OR REPLACE FUNCTION cw_search_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$`.execute(db);
  for (const [name, table, expr, where] of PG_INDEXES) {
    await sql.raw(`CREATE INDEX ${name} ON ${table} USING gin (cw_search_fold(${expr}) gin_trgm_ops)${where ? ` WHERE ${where}` : ""}`).execute(db);
  }
  await sql`CREATE INDEX posts_thread_created_idx ON posts (thread_id, created_at)`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await upPostgres(db);
  else await upSqlite(db);
  // The home page's "since your last visit": last_seen_at moves on every visit, previous_visit_at
  // is the watermark the current visit shows activity after.
  await db.schema.alterTable("users").addColumn("last_seen_at", "text").execute();
  await db.schema.alterTable("users").addColumn("previous_visit_at", "text").execute();
  await db.schema.createIndex("memberships_coalition_created_idx").on("memberships").columns(["coalition_id", "created_at"]).execute();
  await db.schema.createIndex("threads_coalition_created_idx").on("threads").columns(["coalition_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("threads_coalition_created_idx").execute();
  await db.schema.dropIndex("memberships_coalition_created_idx").execute();
  await db.schema.alterTable("users").dropColumn("previous_visit_at").execute();
  await db.schema.alterTable("users").dropColumn("last_seen_at").execute();
  if (isPostgres(db)) {
    await sql`DROP INDEX posts_thread_created_idx`.execute(db);
    for (const [name] of PG_INDEXES) await sql.raw(`DROP INDEX ${name}`).execute(db);
    await sql`DROP FUNCTION cw_search_fold(text)`.execute(db);
    return;
  }
  for (const s of SOURCES) for (const t of ["ai", "au", "ad"]) await sql.raw(`DROP TRIGGER ${s.table}_search_${t}`).execute(db);
  for (const t of ["documents_search_at", "threads_search_move", "documents_search_rename_outputs"]) await sql.raw(`DROP TRIGGER ${t}`).execute(db);
  await sql`DROP TABLE search_fts`.execute(db);
  await sql`DROP TABLE search_entries`.execute(db);
}
