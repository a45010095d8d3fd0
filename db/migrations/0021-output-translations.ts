import type { Kysely } from "kysely";

// Issue 21: outputs in every language. A translation is an ordinary co-edited document seeded
// from a published version: `document_translations` links it to its source document, the source
// version it follows and its language (one translation per language and source). Each published
// version of a translation records, in `translation_versions`, the source version it translates,
// so a newer source version shows it out of date. `output_languages` holds the language a
// coalition adopted an output in (its source document's language; absent = English).
// Frozen once landed: add a new migration instead of editing.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("document_translations")
    .addColumn("document_id", "text", (c) => c.primaryKey().references("documents.id").onDelete("cascade")) // the translation
    .addColumn("coalition_id", "text", (c) => c.notNull().references("coalitions.id").onDelete("cascade"))
    .addColumn("source_document_id", "text", (c) => c.notNull().references("documents.id").onDelete("cascade"))
    .addColumn("source_version_id", "text", (c) => c.notNull().references("document_versions.id").onDelete("cascade")) // the version it follows now
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("document_translations_source_language_idx").on("document_translations").columns(["source_document_id", "language"]).unique().execute();
  await db.schema
    .createTable("translation_versions")
    .addColumn("version_id", "text", (c) => c.primaryKey().references("document_versions.id").onDelete("cascade")) // a version of the translation
    .addColumn("source_version_id", "text", (c) => c.notNull().references("document_versions.id").onDelete("cascade")) // the source version it translates
    .addColumn("language", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("translation_versions_source_idx").on("translation_versions").columns(["source_version_id"]).execute();
  await db.schema
    .createTable("output_languages")
    .addColumn("document_id", "text", (c) => c.primaryKey().references("documents.id").onDelete("cascade"))
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("set_by", "text", (c) => c.references("users.id"))
    .addColumn("set_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("output_languages").execute();
  await db.schema.dropTable("translation_versions").execute();
  await db.schema.dropTable("document_translations").execute();
}
