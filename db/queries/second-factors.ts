import type { Executor } from "./users";

// The tables of migration 0030 (second factors); typed here so db/schema.ts stays as it is.
export interface TotpSecretTable {
  user_id: string;
  secret_enc: string;
  enabled_at: string | null;
  last_step: number | null;
  created_at: string;
}
export interface RecoveryCodeTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: string | null;
  created_at: string;
}
export interface PasskeyTable {
  id: string;
  user_id: string;
  name: string;
  public_key: string;
  counter: number;
  transports: string | null;
  created_at: string;
  last_used_at: string | null;
}
export interface WebauthnChallengeTable {
  id: string;
  challenge: string;
  purpose: string;
  user_id: string | null;
  expires_at: string;
}
export interface PendingLoginTable {
  token_hash: string;
  user_id: string;
  expires_at: string;
  created_at: string;
}

type Tables = {
  totp_secrets: TotpSecretTable;
  recovery_codes: RecoveryCodeTable;
  passkeys: PasskeyTable;
  webauthn_challenges: WebauthnChallengeTable;
  pending_logins: PendingLoginTable;
};

function table(db: Executor) {
  return db.withTables<Tables>();
}

// TOTP

export function findTotp(db: Executor, userId: string): Promise<TotpSecretTable | undefined> {
  return table(db).selectFrom("totp_secrets").selectAll().where("user_id", "=", userId).executeTakeFirst();
}

/** A new secret being set up (replaces an earlier unconfirmed one; never an enabled one). */
export async function putPendingTotp(db: Executor, row: Omit<TotpSecretTable, "enabled_at" | "last_step">): Promise<void> {
  await table(db).deleteFrom("totp_secrets").where("user_id", "=", row.user_id).where("enabled_at", "is", null).execute();
  await table(db).insertInto("totp_secrets").values({ ...row, enabled_at: null, last_step: null }).execute();
}

export async function enableTotp(db: Executor, userId: string, step: number, at: string): Promise<boolean> {
  const r = await table(db)
    .updateTable("totp_secrets")
    .set({ enabled_at: at, last_step: step })
    .where("user_id", "=", userId)
    .where("enabled_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Accepts a time-step once: true for the one caller that moves last_step forward to `step`. */
export async function useTotpStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const r = await table(db)
    .updateTable("totp_secrets")
    .set({ last_step: step })
    .where("user_id", "=", userId)
    .where("enabled_at", "is not", null)
    .where((eb) => eb.or([eb("last_step", "is", null), eb("last_step", "<", step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deletePendingTotp(db: Executor, userId: string): Promise<void> {
  await table(db).deleteFrom("totp_secrets").where("user_id", "=", userId).where("enabled_at", "is", null).execute();
}

export async function deleteTotp(db: Executor, userId: string): Promise<boolean> {
  const r = await table(db).deleteFrom("totp_secrets").where("user_id", "=", userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

// Recovery codes

export async function replaceRecoveryCodes(db: Executor, userId: string, rows: { id: string; code_hash: string }[], at: string): Promise<void> {
  await table(db).deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  if (rows.length) {
    await table(db)
      .insertInto("recovery_codes")
      .values(rows.map((r) => ({ ...r, user_id: userId, used_at: null, created_at: at })))
      .execute();
  }
}

export async function countUnusedRecoveryCodes(db: Executor, userId: string): Promise<number> {
  const row = await table(db)
    .selectFrom("recovery_codes")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Uses a code: true for the one caller that marks an unused code with this hash used. */
export async function useRecoveryCode(db: Executor, userId: string, codeHash: string, at: string): Promise<boolean> {
  const r = await table(db)
    .updateTable("recovery_codes")
    .set({ used_at: at })
    .where("user_id", "=", userId)
    .where("code_hash", "=", codeHash)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteRecoveryCodes(db: Executor, userId: string): Promise<void> {
  await table(db).deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
}

// Passkeys

export function listPasskeys(db: Executor, userId: string): Promise<PasskeyTable[]> {
  return table(db).selectFrom("passkeys").selectAll().where("user_id", "=", userId).orderBy("created_at").execute();
}

export function findPasskey(db: Executor, id: string): Promise<PasskeyTable | undefined> {
  return table(db).selectFrom("passkeys").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertPasskey(db: Executor, row: PasskeyTable): Promise<void> {
  await table(db).insertInto("passkeys").values(row).execute();
}

export async function updatePasskeyUse(db: Executor, id: string, counter: number, at: string): Promise<void> {
  await table(db).updateTable("passkeys").set({ counter, last_used_at: at }).where("id", "=", id).execute();
}

export async function deletePasskey(db: Executor, userId: string, id: string): Promise<PasskeyTable | undefined> {
  const row = await table(db).selectFrom("passkeys").selectAll().where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
  if (row) await table(db).deleteFrom("passkeys").where("id", "=", id).execute();
  return row;
}

export async function countPasskeys(db: Executor, userId: string): Promise<number> {
  const row = await table(db).selectFrom("passkeys").select((eb) => eb.fn.countAll<number>().as("n")).where("user_id", "=", userId).executeTakeFirstOrThrow();
  return Number(row.n);
}

// WebAuthn challenges

export async function insertChallenge(db: Executor, row: WebauthnChallengeTable): Promise<void> {
  await table(db).deleteFrom("webauthn_challenges").where("expires_at", "<=", new Date().toISOString()).execute();
  await table(db).insertInto("webauthn_challenges").values(row).execute();
}

/** Takes a challenge out (single use): the row if it existed, was for `purpose` and had not expired. */
export async function takeChallenge(db: Executor, id: string, purpose: string, at: string): Promise<WebauthnChallengeTable | undefined> {
  const row = await table(db).selectFrom("webauthn_challenges").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  const r = await table(db).deleteFrom("webauthn_challenges").where("id", "=", id).executeTakeFirst();
  if (Number(r.numDeletedRows) !== 1 || row.purpose !== purpose || row.expires_at <= at) return undefined;
  return row;
}

// Pending logins

export async function insertPendingLogin(db: Executor, row: PendingLoginTable): Promise<void> {
  await table(db).deleteFrom("pending_logins").where("expires_at", "<=", row.created_at).execute();
  await table(db).insertInto("pending_logins").values(row).execute();
}

export function findPendingLogin(db: Executor, tokenHash: string, at: string): Promise<PendingLoginTable | undefined> {
  return table(db).selectFrom("pending_logins").selectAll().where("token_hash", "=", tokenHash).where("expires_at", ">", at).executeTakeFirst();
}

/** Ends a pending login: true for the one caller that removed it. */
export async function deletePendingLogin(db: Executor, tokenHash: string): Promise<boolean> {
  const r = await table(db).deleteFrom("pending_logins").where("token_hash", "=", tokenHash).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Whether the user coordinates at least one coalition (the "require a second factor" rule). */
export async function coordinatesAnyCoalition(db: Executor, userId: string): Promise<boolean> {
  const row = await db.selectFrom("memberships").select("id").where("user_id", "=", userId).where("role", "=", "coordinator").limit(1).executeTakeFirst();
  return Boolean(row);
}

/**
 * Site administrators and coordinators (of any coalition) with neither a turned-on TOTP nor a
 * passkey: who must set one up once the site requires it.
 */
export async function usersLackingRequiredSecondFactor(db: Executor): Promise<string[]> {
  const rows = await table(db)
    .selectFrom("users as u")
    .select("u.id")
    .where((eb) => eb.or([eb("u.is_site_admin", "=", 1), eb.exists(eb.selectFrom("memberships as m").select("m.id").whereRef("m.user_id", "=", "u.id").where("m.role", "=", "coordinator"))]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom("totp_secrets as t").select("t.user_id").whereRef("t.user_id", "=", "u.id").where("t.enabled_at", "is not", null))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom("passkeys as p").select("p.id").whereRef("p.user_id", "=", "u.id"))))
    .execute();
  return rows.map((r) => r.id);
}
