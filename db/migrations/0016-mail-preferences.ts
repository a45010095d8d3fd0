import type { Kysely } from "kysely";

// Issue 22: how each person wants mail. Per coalition: immediate, daily digest, weekly digest (on
// `digest_day`, 0 = Sunday … 6 = Saturday) or off; separately, for mentions and replies to their
// posts. No row means the defaults (weekly digest on Monday for a coalition; immediate for mentions
// and replies). Frozen once landed: add a new migration instead of editing.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("mail_preferences")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("coalition_id", "text", (c) => c.notNull().references("coalitions.id").onDelete("cascade"))
    .addColumn("delivery", "text", (c) => c.notNull()) // immediate | daily | weekly | off
    .addColumn("digest_day", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("mail_preferences_pk", ["user_id", "coalition_id"])
    .execute();
  await db.schema
    .createTable("mail_personal_preferences")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("mentions", "text", (c) => c.notNull())
    .addColumn("replies", "text", (c) => c.notNull())
    .addColumn("digest_day", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("mail_personal_preferences").execute();
  await db.schema.dropTable("mail_preferences").execute();
}
