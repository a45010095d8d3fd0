import type { Kysely } from "kysely";
import { binary } from "./helpers";

// Issue 27: sessions people can see, their data to take away, leaving for good.
// - sessions: the device's user agent, a coarse network hint (never the address) and when the
//   session was last used (written at most once per few minutes).
// - users: a requested deletion's due time (14 days' grace), whether the person asked for their
//   posts' text to be removed, and when the account was anonymised.
// - data_exports: "Download my data" archives, kept privately in the database until they expire;
//   only the SHA-256 of a download link's token is stored.
// Frozen once landed: add a new migration instead.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("sessions").addColumn("user_agent", "text").execute();
  await db.schema.alterTable("sessions").addColumn("network_hint", "text").execute();
  await db.schema.alterTable("sessions").addColumn("last_used_at", "text").execute();
  await db.schema.alterTable("users").addColumn("deletion_due_at", "text").execute();
  await db.schema.alterTable("users").addColumn("deletion_erase_text", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("users").addColumn("deleted_at", "text").execute();
  await db.schema
    .createTable("data_exports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull()) // pending | ready | failed
    .addColumn("token_hash", "text")
    .addColumn("archive", binary(db))
    .addColumn("bytes", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("ready_at", "text")
    .addColumn("expires_at", "text")
    .execute();
  await db.schema.createIndex("data_exports_user").on("data_exports").column("user_id").execute();
  await db.schema.createIndex("data_exports_token").on("data_exports").column("token_hash").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("data_exports").execute();
  await db.schema.alterTable("users").dropColumn("deleted_at").execute();
  await db.schema.alterTable("users").dropColumn("deletion_erase_text").execute();
  await db.schema.alterTable("users").dropColumn("deletion_due_at").execute();
  await db.schema.alterTable("sessions").dropColumn("last_used_at").execute();
  await db.schema.alterTable("sessions").dropColumn("network_hint").execute();
  await db.schema.alterTable("sessions").dropColumn("user_agent").execute();
}
