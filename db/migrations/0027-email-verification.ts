import type { Kysely } from "kysely";
import { sql } from "kysely";

// Issue 22: verified addresses and held outside mail.
// - users.email_verified_at: when the account's address was proven (a link followed, or a password
//   reset mailed to it). Every account that exists when this runs counts as verified (backfilled
//   with its created_at): they signed up before verification existed and already receive mail.
// - email_verifications: single-use links (only the token's SHA-256 stored), for a new account
//   ("signup", carrying that submission's name/handle/password hash as JSON) or a change of address
//   ("change", the new address in `email`).
// - coalitions.outside_mail: 1 when mail to <slug>@MAIL_DOMAIN from signed-up non-members is
//   accepted and held for a coordinator (held_mail), 0 (default) when it is refused.
// Frozen once landed: add a new migration instead.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("email_verified_at", "text").execute();
  await sql`update users set email_verified_at = created_at`.execute(db);
  await db.schema
    .createTable("email_verifications")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) => c.notNull()) // signup | change
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("details", "text") // signup: JSON { name, handle, password_hash }
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("email_verifications_user").on("email_verifications").column("user_id").execute();
  await db.schema.alterTable("coalitions").addColumn("outside_mail", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .createTable("held_mail")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("coalition_id", "text", (c) => c.notNull().references("coalitions.id").onDelete("cascade"))
    .addColumn("sender_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("message_id", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull()) // held | approved | rejected
    .addColumn("thread_id", "text")
    .addColumn("decided_by", "text")
    .addColumn("decided_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("held_mail_coalition").on("held_mail").columns(["coalition_id", "state"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("held_mail").execute();
  await db.schema.alterTable("coalitions").dropColumn("outside_mail").execute();
  await db.schema.dropTable("email_verifications").execute();
  await db.schema.alterTable("users").dropColumn("email_verified_at").execute();
}
