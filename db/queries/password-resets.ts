import type { Executor } from "./users";

/** The password_resets table (migration 0017); typed here so db/schema.ts stays as it is. */
export interface PasswordResetTable {
  token_hash: string;
  user_id: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

function table(db: Executor) {
  return db.withTables<{ password_resets: PasswordResetTable }>();
}

/** A new link for the user; the user's earlier unused links stop working. */
export async function insertPasswordReset(db: Executor, row: Omit<PasswordResetTable, "used_at">): Promise<void> {
  await table(db).deleteFrom("password_resets").where("user_id", "=", row.user_id).where("used_at", "is", null).execute();
  await table(db).insertInto("password_resets").values({ ...row, used_at: null }).execute();
}

export function findPasswordReset(db: Executor, tokenHash: string): Promise<PasswordResetTable | undefined> {
  return table(db).selectFrom("password_resets").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst();
}

/** Uses a link: true for the one caller that marks it used while still valid at `at`. */
export async function usePasswordReset(db: Executor, tokenHash: string, at: string): Promise<boolean> {
  const result = await table(db)
    .updateTable("password_resets")
    .set({ used_at: at })
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
