import type { Kysely } from "kysely";

// Issue 22: digests. Per person and coalition, and per person for mentions and for replies to their
// posts (`kind`), the end of the last digest period that was dealt with (`through`: the digest was
// sent, or there was nothing new to send). The next digest covers what happened after it, so nothing
// is mailed twice. Frozen once landed: add a new migration instead.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("mail_digest_marks")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("coalition_id", "text", (c) => c.notNull().references("coalitions.id").onDelete("cascade"))
    .addColumn("through", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("mail_digest_marks_pk", ["user_id", "coalition_id"])
    .execute();
  await db.schema
    .createTable("mail_personal_digest_marks")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull()) // mention | reply
    .addColumn("through", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("mail_personal_digest_marks_pk", ["user_id", "kind"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("mail_personal_digest_marks").execute();
  await db.schema.dropTable("mail_digest_marks").execute();
}
