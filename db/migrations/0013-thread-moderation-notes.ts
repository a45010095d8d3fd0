import type { Kysely } from "kysely";

// Issue 19. A coordinator who locks a thread may say why: the reason is shown on the thread and
// sent to its author with the notification. When and by whom it was locked feed the activity
// list ("Cleo locked the thread …"). All three are cleared when the thread is unlocked.
// Frozen once landed: add a new migration instead of editing.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("threads").addColumn("locked_reason", "text").execute();
  await db.schema.alterTable("threads").addColumn("locked_at", "text").execute();
  await db.schema.alterTable("threads").addColumn("locked_by", "text", (c) => c.references("users.id").onDelete("set null")).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ["locked_by", "locked_at", "locked_reason"]) await db.schema.alterTable("threads").dropColumn(c).execute();
}
