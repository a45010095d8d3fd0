import type { Kysely } from "kysely";

// Thread audience (issue 19): a thread is "public" (anyone who can see the coalition) or
// "members" (the coalition's observers, members and coordinators). Coalitions get the default
// that the new-thread form starts from. Existing threads and coalitions stay public.
// Frozen once landed: add a new migration instead of editing.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("threads")
    .addColumn("audience", "text", (c) => c.notNull().defaultTo("public"))
    .execute();
  await db.schema
    .alterTable("coalitions")
    .addColumn("default_thread_audience", "text", (c) => c.notNull().defaultTo("public"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("coalitions").dropColumn("default_thread_audience").execute();
  await db.schema.alterTable("threads").dropColumn("audience").execute();
}
