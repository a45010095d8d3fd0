import type { Kysely } from "kysely";

// Server secrets kept in the database (issue 28): one row per purpose, made on first use by
// db/queries/app-secrets.ts. The first is "device-cookie", the HMAC key of the login device
// cookie. In the database (not a file or env var) so that every process of a cluster, and a
// copy made with `db:copy`, share it. Frozen once landed: add a new migration instead of editing.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("app_secrets")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull()) // hex
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("app_secrets").execute();
}
