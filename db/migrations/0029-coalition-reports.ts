import type { Kysely } from "kysely";

// Issue 25: the annual report and the compliance checklist.
// - coalition_reports: a document of a coalition marked as its annual report, or as the report of
//   its session at the annual meeting, for a calendar year (one of each per coalition and year).
//   "Published" is derived: a version of that document exists and is not withdrawn.
// - coordination_attendance: the coalition took part in a forum coordination-group meeting
//   (recorded by its coordinators; forum events have no per-coalition attendance otherwise).
// Frozen once landed: add a new migration instead.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("coalition_reports")
    .addColumn("document_id", "text", (c) => c.primaryKey().references("documents.id").onDelete("cascade"))
    .addColumn("coalition_id", "text", (c) => c.notNull().references("coalitions.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull()) // "annual" | "session"
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("coalition_reports_one_per_year", ["coalition_id", "kind", "year"])
    .execute();
  await db.schema
    .createTable("coordination_attendance")
    .addColumn("event_id", "text", (c) => c.notNull().references("calendar_events.id").onDelete("cascade"))
    .addColumn("coalition_id", "text", (c) => c.notNull().references("coalitions.id").onDelete("cascade"))
    .addColumn("recorded_by", "text")
    .addColumn("recorded_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("coordination_attendance_pk", ["event_id", "coalition_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("coordination_attendance").execute();
  await db.schema.dropTable("coalition_reports").execute();
}
