import type { Kysely } from "kysely";

// A kept day's state is stored compressed (raw DEFLATE: a Yjs state shrinks 3-5×; a document edited
// on 200 days kept 200 full copies). `encoding` says how `state` is stored: "yjs" (as written before
// this migration: the bytes of the update) or "deflate". Rows already kept stay as they are.
// Frozen once landed: add a new migration instead of editing.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("document_day_states")
    .addColumn("encoding", "text", (c) => c.notNull().defaultTo("yjs"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("document_day_states").dropColumn("encoding").execute();
}
