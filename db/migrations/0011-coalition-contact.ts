import type { Kysely } from "kysely";

// Issue 19: a coalition's public contact fields (mailing-list address, website, contact
// address; empty = not given), and the region a join request states (the profile's region
// stays the fallback for requests made before). Nullable text columns: the same on SQLite and
// PostgreSQL. Frozen once landed: add a new migration instead of editing.

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ["mailing_list", "website", "contact_email"]) {
    await db.schema.alterTable("coalitions").addColumn(column, "text").execute();
  }
  await db.schema.alterTable("join_requests").addColumn("region", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("join_requests").dropColumn("region").execute();
  for (const column of ["contact_email", "website", "mailing_list"]) {
    await db.schema.alterTable("coalitions").dropColumn(column).execute();
  }
}
