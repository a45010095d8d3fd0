import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { getDb } from "../../../db/client";
import { now } from "../../../db/ids";
import * as failures from "../../../db/queries/login-failures";
import * as q from "../../../db/queries/second-factors";
import * as users from "../../../db/queries/users";
import type { Executor } from "../../../db/queries/users";
import type { AuditAction } from "../../../common/audit-actions";
import { t } from "../../lib/i18n/messages";
import { verifyPassword } from "../../lib/password.server";
import { writeAudit } from "../audit.server";
import { MAX_ACCOUNT_FAILURES, throttled } from "../auth.server";
import type { SecondFactorSectionData } from "../../lib/second-factor-types";
import { listUserPasskeys, registerPasskey, type RelyingParty } from "./passkeys.server";
import { regenerateRecoveryCodes, unusedRecoveryCodes } from "./recovery-codes.server";
import { beginTotpSetup, confirmTotpSetup, pendingTotpSetup, totpEnabled } from "./totp.server";
import { secondFactorRequiredFor } from "./requirement.server";

// The account's second factors as /settings/security shows and changes them: TOTP, passkeys and
// recovery codes. Adding or removing a factor and regenerating codes are audited (rows without a
// coalition, like password.reset). Switching a factor off asks for the password again.

/** Whether the user has any second factor (TOTP enabled or at least one passkey). */
export async function hasSecondFactor(userId: string, db: Executor = getDb()): Promise<boolean> {
  return (await totpEnabled(userId, db)) || (await q.countPasskeys(db, userId)) > 0;
}


/** The section's data; an authenticator app being set up (not yet confirmed) shows its QR code and key. */
export async function secondFactorSection(user: { id: string; email: string; isSiteAdmin: boolean }): Promise<SecondFactorSectionData> {
  const db = getDb();
  const enabled = await totpEnabled(user.id, db);
  return {
    totpEnabled: enabled,
    totpSetup: enabled ? null : await pendingTotpSetup(user),
    passkeys: await listUserPasskeys(user.id, db),
    recoveryCodesLeft: await unusedRecoveryCodes(db, user.id),
    required: await secondFactorRequiredFor(user),
  };
}

async function audit(db: Executor, userId: string, action: AuditAction, detail?: Record<string, unknown>) {
  await writeAudit(db, { coalitionId: null, actorId: userId, subjectUserId: userId, action, detail, at: now() });
}

/** Ten re-authentications wrong within the log-in window lock them like log-ins. */
async function reauthenticate(userId: string, password: string): Promise<{ ok: true } | { ok: false; error: string; status: 400 | 429 }> {
  const key = `reauth:${userId}`;
  const wait = await throttled([[key, MAX_ACCOUNT_FAILURES]]);
  if (wait !== null) return { ok: false, status: 429, error: t("login.error.throttled", { minutes: Math.ceil(wait / 60) }) };
  const user = await users.findUserById(getDb(), userId);
  if (!user || !password || !(await verifyPassword(user.password_hash, password))) {
    await failures.recordLoginFailure(getDb(), key, now());
    return { ok: false, status: 400, error: t("security.error.password") };
  }
  await failures.clearLoginFailures(getDb(), key);
  return { ok: true };
}

export type SecondFactorActionResult =
  | { ok: true; notice: "totpEnabled" | "totpDisabled" | "passkeyRemoved" | "codesRegenerated" | "setupStarted" | "setupCancelled"; recoveryCodes?: string[] }
  | { ok: false; status: 400 | 404 | 429; field: "code" | "password" | "form"; error: string };

/** Starts TOTP setup (a new secret, shown on the page until confirmed). */
export async function startTotpSetup(user: { id: string; email: string }): Promise<SecondFactorActionResult> {
  const setup = await beginTotpSetup(user);
  if (!setup) return { ok: false, status: 400, field: "form", error: t("security.error.totpAlreadyOn") };
  return { ok: true, notice: "setupStarted" };
}

/** Abandons an authenticator app being set up (its key is forgotten). */
export async function cancelTotpSetup(userId: string): Promise<SecondFactorActionResult> {
  await q.deletePendingTotp(getDb(), userId);
  return { ok: true, notice: "setupCancelled" };
}

/** Enables TOTP with a correct code; the first second factor also brings ten recovery codes. */
export async function enableTotp(userId: string, code: string): Promise<SecondFactorActionResult> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const hadFactor = await hasSecondFactor(userId, trx);
      if (!(await confirmTotpSetup(trx, userId, code))) return { ok: false, status: 400, field: "code", error: t("twofactor.error.code") } as const;
      await audit(trx, userId, "second_factor.added", { kind: "totp" });
      const recoveryCodes = !hadFactor || (await unusedRecoveryCodes(trx, userId)) === 0 ? await regenerateRecoveryCodes(trx, userId) : undefined;
      return { ok: true, notice: "totpEnabled", recoveryCodes } as const;
    });
}

async function dropCodesIfNoFactor(db: Executor, userId: string) {
  if (!(await hasSecondFactor(userId, db))) await q.deleteRecoveryCodes(db, userId);
}

/** Switches TOTP off after the password is given again. */
export async function disableTotp(userId: string, password: string): Promise<SecondFactorActionResult> {
  const auth = await reauthenticate(userId, password);
  if (!auth.ok) return { ok: false, status: auth.status, field: "password", error: auth.error };
  return getDb()
    .transaction()
    .execute(async (trx) => {
      if (!(await totpEnabled(userId, trx))) return { ok: false, status: 404, field: "form", error: t("security.error.gone") } as const;
      await q.deleteTotp(trx, userId);
      await audit(trx, userId, "second_factor.removed", { kind: "totp" });
      await dropCodesIfNoFactor(trx, userId);
      return { ok: true, notice: "totpDisabled" } as const;
    });
}

/** Removes one of the user's passkeys after the password is given again. */
export async function removePasskey(userId: string, passkeyId: string, password: string): Promise<SecondFactorActionResult> {
  const auth = await reauthenticate(userId, password);
  if (!auth.ok) return { ok: false, status: auth.status, field: "password", error: auth.error };
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const removed = await q.deletePasskey(trx, userId, passkeyId);
      if (!removed) return { ok: false, status: 404, field: "form", error: t("security.error.gone") } as const;
      await audit(trx, userId, "second_factor.removed", { kind: "passkey", name: removed.name });
      await dropCodesIfNoFactor(trx, userId);
      return { ok: true, notice: "passkeyRemoved" } as const;
    });
}

/** New recovery codes (the old ones stop working), for an account with a second factor. */
export async function newRecoveryCodes(userId: string): Promise<SecondFactorActionResult> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      if (!(await hasSecondFactor(userId, trx))) return { ok: false, status: 400, field: "form", error: t("security.error.noFactor") } as const;
      const recoveryCodes = await regenerateRecoveryCodes(trx, userId);
      await audit(trx, userId, "recovery_codes.regenerated");
      return { ok: true, notice: "codesRegenerated", recoveryCodes } as const;
    });
}

export async function auditRecoveryCodeUsed(db: Executor, userId: string): Promise<void> {
  await audit(db, userId, "recovery_code.used");
}

/** Adds a passkey (the browser's answer to passkeyRegistrationOptions) and audits it. */
export async function addPasskey(
  userId: string,
  input: { challengeId: string; response: RegistrationResponseJSON; name: string },
  rp: RelyingParty,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const result = await getDb()
    .transaction()
    .execute(async (trx) => {
      const added = await registerPasskey(trx, userId, input, rp);
      if (added.ok) await audit(trx, userId, "second_factor.added", { kind: "passkey", name: added.name });
      return added;
    });
  if (result.ok) return { ok: true };
  return { ok: false, message: t(result.reason === "name" ? "passkeys.error.name" : "passkeys.error.failed") };
}
