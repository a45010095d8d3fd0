import type { Kysely } from "kysely";

// Issue 22: mail received by the app's SMTP receiver. One row per (Message-ID, recipient)
// handled, so a message the sending MTA delivers twice (it did not hear our 250) is not posted
// twice. Frozen once landed: add a new migration instead.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("inbound_mail")
    .addColumn("message_id", "text", (c) => c.notNull())
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("inbound_mail_pk", ["message_id", "recipient"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("inbound_mail").execute();
}
