import type { Kysely } from "kysely";
import { binary } from "./helpers";

// Issue 19. A published version can be withdrawn with a reason: the row and its permalink stay,
// three columns say when, by whom and why. And a restore keeps the draft as it was just before
// as an automatic checkpoint (never published, not numbered) that "Undo restore" brings back.
// Frozen once landed: add a new migration instead of editing.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("document_versions").addColumn("withdrawn_at", "text").execute();
  await db.schema.alterTable("document_versions").addColumn("withdrawn_by", "text", (c) => c.references("users.id")).execute();
  await db.schema.alterTable("document_versions").addColumn("withdrawn_reason", "text").execute();
  await db.schema
    .createTable("document_checkpoints")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("document_id", "text", (c) => c.notNull().references("documents.id").onDelete("cascade"))
    .addColumn("reason", "text", (c) => c.notNull()) // "restore"
    .addColumn("version_id", "text", (c) => c.references("document_versions.id").onDelete("set null")) // the version restored
    .addColumn("state", binary(db), (c) => c.notNull()) // the Yjs state before the restore
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("undone_at", "text")
    .execute();
  await db.schema.createIndex("document_checkpoints_document_idx").on("document_checkpoints").columns(["document_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("document_checkpoints").execute();
  for (const c of ["withdrawn_reason", "withdrawn_by", "withdrawn_at"]) await db.schema.alterTable("document_versions").dropColumn(c).execute();
}
