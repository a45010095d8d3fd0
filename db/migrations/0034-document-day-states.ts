import type { Kysely } from "kysely";
import { binary } from "./helpers";

// Issue 23 (timeline). A document's state at the end of each UTC day on which it was edited, kept
// just before a compaction merges that day's rows of the update log into the snapshot (after which
// the day could no longer be rebuilt). One row per (document, day); the first write stays.
// Frozen once landed: add a new migration instead of editing.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("document_day_states")
    .addColumn("document_id", "text", (c) => c.notNull().references("documents.id").onDelete("cascade"))
    .addColumn("day", "text", (c) => c.notNull()) // YYYY-MM-DD, UTC
    .addColumn("state", binary(db), (c) => c.notNull()) // the Yjs state at the end of that day
    .addColumn("user_ids", "text", (c) => c.notNull()) // JSON array: who sent the day's log rows
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("document_day_states_pk", ["document_id", "day"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("document_day_states").execute();
}
