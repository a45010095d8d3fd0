import type { Kysely } from "kysely";
import { autoIncrementPk, serialType } from "./helpers";

// Discussion threads, their posts, edit history, per-user read positions and notifications.
// Frozen in time once landed: add a new migration instead of editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("threads")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("coalition_id", "text", (c) => c.notNull().references("coalitions.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("author_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("document_id", "text", (c) => c.references("documents.id").onDelete("set null"))
    .addColumn("pinned", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("locked", "integer", (c) => c.notNull().defaultTo(0))
    // Denormalised so that a list of 10,000 threads never counts or scans posts.
    .addColumn("post_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_post_number", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_activity_at", "text", (c) => c.notNull())
    .addColumn("last_post_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // The list's order: pinned first, then most recent activity (walked backwards by the planner).
  await db.schema
    .createIndex("threads_list_idx")
    .on("threads")
    .columns(["coalition_id", "pinned", "last_activity_at", "id"])
    .execute();
  await db.schema.createIndex("threads_document_idx").on("threads").columns(["document_id", "last_activity_at"]).execute();

  await db.schema
    .createTable("posts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("thread_id", "text", (c) => c.notNull().references("threads.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull()) // 1, 2, 3… within the thread: paging and anchors
    .addColumn("author_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull()) // sanitised rendering, made once at write time
    .addColumn("reply_to_id", "text", (c) => c.references("posts.id").onDelete("set null"))
    .addColumn("edited_at", "text")
    .addColumn("deleted_at", "text")
    .addColumn("hidden_at", "text")
    .addColumn("hidden_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("hidden_reason", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("posts_thread_number_uq", ["thread_id", "number"])
    .execute();
  await db.schema.createIndex("posts_reply_to_idx").on("posts").column("reply_to_id").execute();
  await db.schema.createIndex("posts_author_idx").on("posts").column("author_id").execute();

  await db.schema
    .createTable("post_revisions")
    .addColumn("id", serialType(db), autoIncrementPk(db))
    .addColumn("post_id", "text", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("body", "text", (c) => c.notNull()) // the text as it was before the change
    .addColumn("edited_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("reason", "text", (c) => c.notNull()) // "edit" | "delete"
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("post_revisions_post_idx").on("post_revisions").columns(["post_id", "id"]).execute();

  await db.schema
    .createTable("thread_reads")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("thread_id", "text", (c) => c.notNull().references("threads.id").onDelete("cascade"))
    .addColumn("last_read_number", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("thread_reads_pk", ["user_id", "thread_id"])
    .execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", serialType(db), autoIncrementPk(db))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull()) // "mention" | "reply" | "membership"
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("link", "text", (c) => c.notNull())
    .addColumn("read_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("notifications_user_idx").on("notifications").columns(["user_id", "id"]).execute();
  await db.schema.createIndex("notifications_unread_idx").on("notifications").columns(["user_id", "read_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["notifications", "thread_reads", "post_revisions", "posts", "threads"]) {
    await db.schema.dropTable(t).execute();
  }
}
