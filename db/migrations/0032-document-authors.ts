import type { Kysely } from "kysely";

// Issue 23 (authorship): who typed with which Yjs client. Every Yjs item carries its client id, so
// a document's text can be attributed to people once each client id is tied to the person whose
// socket first sent it. One row per (document, client id); the first sender keeps it. A deleted
// account leaves its rows with user_id NULL ("former member"). Frozen once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("document_authors")
    .addColumn("document_id", "text", (c) => c.notNull().references("documents.id").onDelete("cascade"))
    .addColumn("client_id", "bigint", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("first_seen_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("document_authors_pk", ["document_id", "client_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("document_authors").execute();
}
