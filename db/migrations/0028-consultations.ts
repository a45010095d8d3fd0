import type { Kysely } from "kysely";

// Issue 26: public consultation on a published version. One consultation per version (opened by
// a coordinator until a date, with an introduction; closed explicitly or by the date passing).
// Comments name the paragraph (or range) by the number the version's immutable content gives it
// (app/models/consultation-blocks.server.ts derives them, nothing is stored that could drift),
// the stakeholder group the commenter speaks for, and their region as their profile said then.
// A reply has a parent; an answer (accepted / partly / not accepted / noted) and a hide are
// columns of the comment they concern. Frozen once landed: add a new migration instead.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("consultations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("coalition_id", "text", (c) => c.notNull().references("coalitions.id").onDelete("cascade"))
    .addColumn("version_id", "text", (c) => c.notNull().unique().references("document_versions.id").onDelete("cascade"))
    .addColumn("document_id", "text", (c) => c.notNull().references("documents.id").onDelete("cascade"))
    .addColumn("introduction", "text", (c) => c.notNull())
    .addColumn("closes_at", "text", (c) => c.notNull()) // UTC
    .addColumn("time_zone", "text", (c) => c.notNull()) // the zone the date was entered in
    .addColumn("opened_by", "text", (c) => c.references("users.id"))
    .addColumn("opened_at", "text", (c) => c.notNull())
    .addColumn("closed_at", "text") // an explicit close (a passed date closes without a row change)
    .addColumn("closed_by", "text", (c) => c.references("users.id"))
    .execute();
  await db.schema.createIndex("consultations_document_idx").on("consultations").columns(["document_id", "opened_at"]).execute();
  await db.schema
    .createTable("consultation_comments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("consultation_id", "text", (c) => c.notNull().references("consultations.id").onDelete("cascade"))
    .addColumn("parent_id", "text", (c) => c.references("consultation_comments.id").onDelete("cascade"))
    .addColumn("author_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("paragraph_from", "integer", (c) => c.notNull())
    .addColumn("paragraph_to", "integer", (c) => c.notNull())
    .addColumn("stakeholder_group", "text", (c) => c.notNull())
    .addColumn("region", "text")
    .addColumn("body", "text", (c) => c.notNull()) // Markdown as written
    .addColumn("body_html", "text", (c) => c.notNull()) // sanitised at write time (links of new accounts nofollow)
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("hidden_at", "text")
    .addColumn("hidden_by", "text", (c) => c.references("users.id"))
    .addColumn("hidden_reason", "text")
    .addColumn("answer", "text") // accepted | partly | rejected | noted
    .addColumn("answer_reason", "text")
    .addColumn("answered_by", "text", (c) => c.references("users.id"))
    .addColumn("answered_at", "text")
    .execute();
  await db.schema.createIndex("consultation_comments_consultation_idx").on("consultation_comments").columns(["consultation_id", "created_at"]).execute();
  await db.schema.createIndex("consultation_comments_author_idx").on("consultation_comments").columns(["author_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("consultation_comments").execute();
  await db.schema.dropTable("consultations").execute();
}
