import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { getDb } from "../../../db/client";
import { now } from "../../../db/ids";
import * as failures from "../../../db/queries/login-failures";
import * as q from "../../../db/queries/second-factors";
import * as users from "../../../db/queries/users";
import { t } from "../../lib/i18n/messages";
import { MAX_ACCOUNT_FAILURES, MAX_ADDRESS_FAILURES, startSession, throttled } from "../auth.server";
import { cancelDeletion } from "../account-deletion.server";
import { issueDeviceCookie } from "../device-cookie.server";
import { clearPendingCookie, pendingLogin, type PendingLogin } from "./pending-login.server";
import { verifyPasskeyAuthentication, type RelyingParty } from "./passkeys.server";
import { useRecoveryCode } from "./recovery-codes.server";
import { auditRecoveryCodeUsed } from "./second-factor.server";
import { verifyTotp } from "./totp.server";

// The second step of signing in. A correct password for an account with a second factor gives a
// pending login, not a session: a random token in its own cookie (cw_pending_login, path /login,
// five minutes), stored hashed in pending_logins. Only the second-step page reads it; it is never
// a session (the session cookie and every loader know nothing of it). A correct TOTP code, unused
// recovery code or passkey of that user ends the pending login (once) and starts the session.
// Wrong answers are throttled like passwords: ten per account and a hundred per address within
// LOGIN_WINDOW_MS, after which even a right answer is refused until the window passes.

export const MAX_SECOND_FACTOR_FAILURES = MAX_ACCOUNT_FAILURES;

export type SecondStepResult =
  | { ok: true; setCookies: string[] }
  | { ok: false; status: 400 | 401 | 429; message: string; retryAfterSeconds?: number; expired?: boolean };

const expired = (): SecondStepResult => ({ ok: false, status: 401, message: t("twofactor.error.expired"), expired: true });

async function finish(pending: PendingLogin): Promise<SecondStepResult> {
  // Single use: of two concurrent right answers only one removes the row and gets a session.
  if (!(await q.deletePendingLogin(getDb(), pending.tokenHash))) return expired();
  await failures.clearLoginFailures(getDb(), `second-factor:${pending.userId}`);
  const user = await users.findUserById(getDb(), pending.userId);
  if (!user) return expired();
  // Signing in during a deletion's grace period cancels it, with a second factor too (issue 27).
  await cancelDeletion(getDb(), user.id);
  return { ok: true, setCookies: [await startSession(user.id), await issueDeviceCookie(user.email), clearPendingCookie()] };
}

async function guard(pending: PendingLogin, address: string): Promise<SecondStepResult | null> {
  const wait = await throttled([
    [`second-factor:${pending.userId}`, MAX_SECOND_FACTOR_FAILURES],
    [`address:${address}`, MAX_ADDRESS_FAILURES],
  ]);
  if (wait === null) return null;
  return { ok: false, status: 429, message: t("login.error.throttled", { minutes: Math.ceil(wait / 60) }), retryAfterSeconds: wait };
}

async function failed(pending: PendingLogin, address: string, message: string): Promise<SecondStepResult> {
  const at = now();
  await failures.recordLoginFailure(getDb(), `second-factor:${pending.userId}`, at);
  await failures.recordLoginFailure(getDb(), `address:${address}`, at);
  return { ok: false, status: 400, message };
}

/** The second step with a TOTP code or a recovery code. */
export async function completeWithCode(
  cookieHeader: string | null | undefined,
  input: { method: "totp" | "recovery"; code: string; address: string },
): Promise<SecondStepResult> {
  const pending = await pendingLogin(cookieHeader);
  if (!pending) return expired();
  const refused = await guard(pending, input.address);
  if (refused) return refused;
  const db = getDb();
  if (input.method === "totp") {
    if (!(await verifyTotp(db, pending.userId, input.code))) return failed(pending, input.address, t("twofactor.error.code"));
  } else {
    const used = await db.transaction().execute(async (trx) => {
      if (!(await useRecoveryCode(trx, pending.userId, input.code))) return false;
      await auditRecoveryCodeUsed(trx, pending.userId);
      return true;
    });
    if (!used) return failed(pending, input.address, t("twofactor.error.recovery"));
  }
  return finish(pending);
}

/** The second step with a passkey of the pending user. */
export async function completeWithPasskey(
  cookieHeader: string | null | undefined,
  input: { challengeId: string; response: AuthenticationResponseJSON; address: string },
  rp: RelyingParty,
): Promise<SecondStepResult> {
  const pending = await pendingLogin(cookieHeader);
  if (!pending) return expired();
  const refused = await guard(pending, input.address);
  if (refused) return refused;
  const userId = await verifyPasskeyAuthentication(getDb(), input, rp, pending.userId);
  if (userId !== pending.userId) return failed(pending, input.address, t("passkeys.error.failed"));
  return finish(pending);
}

/** Password-less sign-in with a discoverable passkey: a session for its owner. */
export async function signInWithPasskey(
  input: { challengeId: string; response: AuthenticationResponseJSON; address: string },
  rp: RelyingParty,
): Promise<SecondStepResult> {
  const addressKey = `address:${input.address}`;
  const wait = await throttled([[addressKey, MAX_ADDRESS_FAILURES]]);
  if (wait !== null) return { ok: false, status: 429, message: t("login.error.throttled", { minutes: Math.ceil(wait / 60) }), retryAfterSeconds: wait };
  const userId = await verifyPasskeyAuthentication(getDb(), input, rp, null);
  const user = userId ? await users.findUserById(getDb(), userId) : undefined;
  if (!user) {
    await failures.recordLoginFailure(getDb(), addressKey, now());
    return { ok: false, status: 400, message: t("passkeys.error.failed") };
  }
  await cancelDeletion(getDb(), user.id);
  return { ok: true, setCookies: [await startSession(user.id), await issueDeviceCookie(user.email)] };
}
