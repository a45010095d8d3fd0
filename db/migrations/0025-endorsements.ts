import { sql, type Kysely } from "kysely";

// Issue 24: endorsements of a published version. A signed-in person endorses one version as
// themselves (`organisation` null) or on behalf of an organisation they declare (name, stakeholder
// group, region); a coordinator may mark an organisation endorsement verified. Withdrawing keeps the
// row (`withdrawn_at`); endorsing again adds a new row, so the history stays. One ACTIVE endorsement
// per person per version: a partial unique index (both SQLite and PostgreSQL have them).
// `reconfirms_id` names the endorsement of the previous version that this one re-confirms.
// Frozen once landed: add a new migration instead of editing.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("endorsements")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("version_id", "text", (c) => c.notNull().references("document_versions.id").onDelete("cascade"))
    .addColumn("document_id", "text", (c) => c.notNull().references("documents.id").onDelete("cascade"))
    .addColumn("coalition_id", "text", (c) => c.notNull().references("coalitions.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("organisation", "text")
    .addColumn("stakeholder_group", "text")
    .addColumn("region", "text")
    .addColumn("verified_at", "text")
    .addColumn("verified_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("reconfirms_id", "text", (c) => c.references("endorsements.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("withdrawn_at", "text")
    .execute();
  await db.schema
    .createIndex("endorsements_active_person_idx")
    .on("endorsements")
    .columns(["version_id", "user_id"])
    .unique()
    .where(sql.ref("withdrawn_at"), "is", null)
    .execute();
  await db.schema.createIndex("endorsements_user_idx").on("endorsements").columns(["user_id", "version_id"]).execute();
  await db.schema.createIndex("endorsements_coalition_idx").on("endorsements").columns(["coalition_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("endorsements").execute();
}
