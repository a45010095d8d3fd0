import type { Kysely } from "kysely";

// Issue 21: the language a person reads the workspace (and receives its mail) in: one of the six
// UN languages, or null = not chosen (the browser's Accept-Language decides). Frozen once landed:
// add a new migration instead.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("language", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("language").execute();
}
