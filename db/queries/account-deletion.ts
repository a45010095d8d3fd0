import { PostgresAdapter, sql } from "kysely";
import type { Executor } from "./users";

// Leaving for good (issue 27). An account row cannot be deleted: documents, invitations and
// published versions name their creator in NOT NULL columns without ON DELETE. So the row is
// anonymised, and every other reference is treated exactly as a DELETE would have treated it:
// rows of tables whose foreign key to users cascades are deleted, columns that are SET NULL become
// null. Both are read from the database's own catalogue, so tables added later follow.

export interface UserReference {
  table: string;
  column: string;
}

function isPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The columns that reference users.id with the given ON DELETE rule. */
export async function userReferences(db: Executor, rule: "CASCADE" | "SET NULL"): Promise<UserReference[]> {
  if (isPostgres(db)) {
    const { rows } = await sql<UserReference>`
      SELECT kcu.table_name AS "table", kcu.column_name AS "column"
      FROM information_schema.referential_constraints rc
      JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name AND kcu.constraint_schema = rc.constraint_schema
      JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = rc.constraint_name AND ccu.constraint_schema = rc.constraint_schema
      WHERE ccu.table_name = 'users' AND ccu.column_name = 'id' AND rc.delete_rule = ${rule} AND kcu.table_schema = current_schema()
      ORDER BY 1, 2`.execute(db);
    return rows;
  }
  const { rows } = await sql<UserReference>`
    SELECT m.name AS "table", p."from" AS "column"
    FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) p
    WHERE m.type = 'table' AND p."table" = 'users' AND upper(p.on_delete) = ${rule}
    ORDER BY 1, 2`.execute(db);
  return rows;
}

/** What a DELETE of the user would cascade to or null out, done by hand (the row itself stays). */
export async function releaseUserReferences(db: Executor, userId: string): Promise<void> {
  for (const ref of await userReferences(db, "CASCADE")) {
    await sql`DELETE FROM ${sql.table(ref.table)} WHERE ${sql.ref(ref.column)} = ${userId}`.execute(db);
  }
  for (const ref of await userReferences(db, "SET NULL")) {
    await sql`UPDATE ${sql.table(ref.table)} SET ${sql.ref(ref.column)} = NULL WHERE ${sql.ref(ref.column)} = ${userId}`.execute(db);
  }
}

/** Empties the text of the person's posts (and their earlier versions) when they asked for it. */
export async function erasePostText(db: Executor, userId: string): Promise<void> {
  const own = db.selectFrom("posts").select("id").where("author_id", "=", userId);
  await db.deleteFrom("post_revisions").where("post_id", "in", own).execute();
  await db.updateTable("posts").set({ body: "", body_html: "" }).where("author_id", "=", userId).execute();
}

/** Traces of the address outside the user row: invitations to it, audit rows naming it, throttle keys. */
export async function forgetEmail(db: Executor, email: string, placeholder: string): Promise<void> {
  await db.updateTable("invitations").set({ email: placeholder }).where("email", "=", email).execute();
  await db.updateTable("audit_events").set({ subject_email: null }).where("subject_email", "=", email).execute();
  await db.deleteFrom("login_failures").where("key", "in", [`account:${email}`, `signup-email:${email}`, `reset-email:${email}`]).execute();
}

/** Coalitions (not archived) where the user is the only coordinator: they must hand over first. */
export async function coalitionsWhereLastCoordinator(db: Executor, userId: string): Promise<Array<{ name: string; slug: string }>> {
  const rows = await db
    .selectFrom("memberships as mine")
    .innerJoin("coalitions", "coalitions.id", "mine.coalition_id")
    .select(["coalitions.name", "coalitions.slug"])
    .where("mine.user_id", "=", userId)
    .where("mine.role", "=", "coordinator")
    .where("coalitions.archived_at", "is", null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("memberships as other")
            .select("other.id")
            .whereRef("other.coalition_id", "=", "mine.coalition_id")
            .where("other.role", "=", "coordinator")
            .whereRef("other.user_id", "!=", "mine.user_id"),
        ),
      ),
    )
    .orderBy("coalitions.name")
    .execute();
  return rows;
}
