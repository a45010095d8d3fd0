import type { Kysely } from "kysely";

// Issue 25 (first slice): the forum's calendar and coalition meetings in one table
// (`coalition_id` null = a forum event kept by site administrators), attendance at meetings,
// a personal calendar feed token per person (stored as a SHA-256 only), and each person's
// time zone. Times are ISO-8601 UTC strings like every other table; `time_zone` is the IANA
// zone the event was entered in. Frozen once landed: add a new migration instead of editing.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("calendar_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("coalition_id", "text", (c) => c.references("coalitions.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("ends_at", "text", (c) => c.notNull())
    .addColumn("deadline_at", "text")
    .addColumn("time_zone", "text", (c) => c.notNull())
    .addColumn("mode", "text") // meetings: "online" | "in_person"
    .addColumn("location", "text")
    .addColumn("url", "text")
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("description_html", "text", (c) => c.notNull())
    .addColumn("agenda_document_id", "text", (c) => c.references("documents.id").onDelete("set null"))
    .addColumn("minutes_document_id", "text", (c) => c.references("documents.id").onDelete("set null"))
    .addColumn("is_example", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("sequence", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("calendar_events_coalition_idx").on("calendar_events").columns(["coalition_id", "starts_at"]).execute();
  await db.schema.createIndex("calendar_events_starts_idx").on("calendar_events").columns(["starts_at"]).execute();

  await db.schema
    .createTable("event_attendance")
    .addColumn("event_id", "text", (c) => c.notNull().references("calendar_events.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("recorded_by", "text", (c) => c.references("users.id"))
    .addColumn("recorded_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("event_attendance_pk", ["event_id", "user_id"])
    .execute();

  await db.schema
    .createTable("calendar_feed_tokens")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema.alterTable("users").addColumn("time_zone", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("time_zone").execute();
  await db.schema.dropTable("calendar_feed_tokens").execute();
  await db.schema.dropTable("event_attendance").execute();
  await db.schema.dropTable("calendar_events").execute();
}
