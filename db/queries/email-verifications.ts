import type { Executor } from "./users";

/** The email_verifications table (migration 0027); typed here so db/schema.ts stays small. */
export interface EmailVerificationTable {
  token_hash: string;
  user_id: string;
  purpose: "signup" | "change";
  email: string;
  details: string | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

function table(db: Executor) {
  return db.withTables<{ email_verifications: EmailVerificationTable }>();
}

export async function insertEmailVerification(db: Executor, row: Omit<EmailVerificationTable, "used_at">): Promise<void> {
  await table(db).insertInto("email_verifications").values({ ...row, used_at: null }).execute();
}

/** Voids the user's unused links of a purpose (a new change request, or once one link was used). */
export async function voidEmailVerifications(db: Executor, userId: string, at: string, purpose?: EmailVerificationTable["purpose"]): Promise<void> {
  let q = table(db).updateTable("email_verifications").set({ used_at: at }).where("user_id", "=", userId).where("used_at", "is", null);
  if (purpose) q = q.where("purpose", "=", purpose);
  await q.execute();
}

export function findEmailVerification(db: Executor, tokenHash: string): Promise<EmailVerificationTable | undefined> {
  return table(db).selectFrom("email_verifications").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst();
}

/** Uses a link: true for the one caller that marks it used while still valid at `at`. */
export async function useEmailVerification(db: Executor, tokenHash: string, at: string): Promise<boolean> {
  const result = await table(db)
    .updateTable("email_verifications")
    .set({ used_at: at })
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The newest unused, unexpired link of a purpose for the user (the pending address change). */
export function pendingEmailVerification(db: Executor, userId: string, purpose: EmailVerificationTable["purpose"], at: string): Promise<Pick<EmailVerificationTable, "email" | "created_at"> | undefined> {
  return table(db)
    .selectFrom("email_verifications")
    .select(["email", "created_at"])
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", at)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** Whether mail may go to this address: false only when it is an account's address not yet verified. */
export async function addressMailable(db: Executor, email: string): Promise<boolean> {
  const row = await db.selectFrom("users").select("email_verified_at").where("email", "=", email.toLowerCase()).executeTakeFirst();
  return !row || row.email_verified_at != null;
}
