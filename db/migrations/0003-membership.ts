import { sql, type Kysely } from "kysely";

// Frozen in time: never edit after it has landed; add a new migration instead.
// Membership: at most one pending join request per person and coalition (the models check
// it too; the index makes a race between two submissions fail instead of duplicating), and
// invitations looked up by email when a coordinator invites someone again.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("join_requests_one_pending_uq")
    .on("join_requests")
    .columns(["coalition_id", "user_id"])
    .unique()
    .where(sql.ref("status"), "=", "pending")
    .execute();
  await db.schema.createIndex("invitations_email_idx").on("invitations").columns(["coalition_id", "email"]).execute();
  await db.schema.createIndex("audit_events_subject_idx").on("audit_events").column("subject_user_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("audit_events_subject_idx").execute();
  await db.schema.dropIndex("invitations_email_idx").execute();
  await db.schema.dropIndex("join_requests_one_pending_uq").execute();
}
