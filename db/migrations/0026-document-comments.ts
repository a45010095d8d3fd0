import type { Kysely } from "kysely";

// Issue 23: comments on documents. A comment (or a reply, `parent_id`) belongs to a draft and
// records the latest published version number when it was written (`version_number`, 0 before the
// first). Its anchor is a pair of Yjs relative positions (`anchor_start`, `anchor_end`, base64 of
// Y.encodeRelativePosition over the editor's XmlFragment), stored here and never as marks in the
// Yjs document, so someone who may comment never writes to the document. `quote` is the text
// that was selected. Resolution records when, by whom, and the version number at that moment.
// Coalitions get `observers_may_comment` (0 | 1). Frozen once landed: add a new migration instead.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("coalitions")
    .addColumn("observers_may_comment", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable("document_comments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("document_id", "text", (c) => c.notNull().references("documents.id").onDelete("cascade"))
    .addColumn("coalition_id", "text", (c) => c.notNull().references("coalitions.id").onDelete("cascade"))
    .addColumn("parent_id", "text", (c) => c.references("document_comments.id").onDelete("cascade"))
    .addColumn("author_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    .addColumn("anchor_start", "text")
    .addColumn("anchor_end", "text")
    .addColumn("quote", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("version_number", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("edited_at", "text")
    .addColumn("resolved_at", "text")
    .addColumn("resolved_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("resolved_version_number", "integer")
    .execute();
  await db.schema.createIndex("document_comments_document").on("document_comments").columns(["document_id", "created_at"]).execute();
  await db.schema.createIndex("document_comments_parent").on("document_comments").column("parent_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("document_comments").execute();
  await db.schema.alterTable("coalitions").dropColumn("observers_may_comment").execute();
}
