import type { Kysely } from "kysely";

// Issue 21: a notification is shown in its reader's language. `message_id` names the catalogue
// message (app/locales, under `notifications.`) and `message_values` its values as JSON text
// (names, titles, reasons: never words to translate). `text` stays: the English rendering, for
// rows from before this migration, for search and for exports. Frozen once landed: add a new
// migration instead.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("notifications").addColumn("message_id", "text").execute();
  await db.schema.alterTable("notifications").addColumn("message_values", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("notifications").dropColumn("message_values").execute();
  await db.schema.alterTable("notifications").dropColumn("message_id").execute();
}
