import type { Kysely } from "kysely";

// Issue 19. A coordinator who locks a thread may say why: the reason is shown on the thread and
// sent to its author with the notification. Cleared when the thread is unlocked.
// Frozen once landed: add a new migration instead of editing.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("threads").addColumn("locked_reason", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("threads").dropColumn("locked_reason").execute();
}
