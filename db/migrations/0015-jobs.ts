import type { Kysely } from "kysely";
import { autoIncrementPk, serialType } from "./helpers";

// Issue 22: the durable job table (server/jobs/queue.ts). A row is work to run later: enqueued in
// the transaction of the change that causes it, claimed by one runner under a lease
// (`locked_until`), retried with back-off, and after `max_attempts` tries left `dead` for a site
// administrator (/admin/jobs). Times are ISO strings like every other table, so they compare as
// text on both databases. `key` (optional) makes an enqueue idempotent. Frozen once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("jobs")
    .addColumn("id", serialType(db), autoIncrementPk(db))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull()) // JSON
    .addColumn("key", "text", (c) => c.unique())
    .addColumn("state", "text", (c) => c.notNull()) // queued | running | done | dead
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("max_attempts", "integer", (c) => c.notNull())
    .addColumn("run_at", "text", (c) => c.notNull())
    .addColumn("locked_until", "text")
    .addColumn("locked_by", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("jobs_due").on("jobs").columns(["state", "run_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("jobs").execute();
}
