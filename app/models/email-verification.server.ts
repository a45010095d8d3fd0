import { createHash, randomBytes } from "node:crypto";
import { isLocale, type Locale } from "../../common/locales";
import { getDb } from "../../db/client";
import { now } from "../../db/ids";
import * as verifications from "../../db/queries/email-verifications";
import { enqueue } from "../../db/queries/jobs";
import * as users from "../../db/queries/users";
import type { User } from "../../db/schema";
import { currentLocale, format, t } from "../lib/i18n/messages";
import { renderMail } from "../lib/mail/templates";
import { verifyPassword } from "../lib/password.server";
import { safeRedirectTarget } from "../lib/redirect-target";
import { emailField, type FieldErrors } from "../lib/validation";
import { startSession } from "./auth.server";
import { mailOrigin } from "./mail/addresses.server";
import { handleTakenError } from "./users.server";

// Address verification (issue 22). A link is single-use, valid VERIFY_VALID_MS, and only its
// SHA-256 is stored (like password resets). Two purposes:
// - "signup": a new account stays unverified (it cannot log in, and gets no coalition mail) until
//   a link mailed to its address is followed; following it also signs the browser in. Each link
//   carries the name, handle and password hash of the sign-up that asked for it, so a later sign-up
//   with the same address (perhaps not by its owner) never changes what an earlier link sets up.
// - "change": a signed-in person asks for a new address; the account keeps its old, verified
//   address (and its mail) until the link mailed to the new one is followed.
// All mail here is account mail (`account: true`): the one kind an unverified address receives.

export const VERIFY_VALID_MS = 24 * 60 * 60 * 1000;

export function hashVerifyToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;
const localeOf = (user: Pick<User, "language">): Locale => (isLocale(user.language) ? user.language : currentLocale());
type Executor = users.Executor;

/** The link a verification mail carries (redirectTo: where the person goes once signed in). */
function verifyUrl(token: string, redirectTo?: string | null): string {
  const target = safeRedirectTarget(redirectTo, "");
  return `${mailOrigin()}/verify-email/${token}${target ? `?redirectTo=${encodeURIComponent(target)}` : ""}`;
}

async function mailLink(db: Executor, input: { user: Pick<User, "id" | "name" | "language">; email: string; purpose: "signup" | "change"; details?: object; redirectTo?: string | null }) {
  const token = randomBytes(32).toString("base64url");
  const at = now();
  await verifications.insertEmailVerification(db, {
    token_hash: hashVerifyToken(token),
    user_id: input.user.id,
    purpose: input.purpose,
    email: input.email,
    details: input.details ? JSON.stringify(input.details) : null,
    expires_at: new Date(Date.now() + VERIFY_VALID_MS).toISOString(),
    created_at: at,
  });
  const locale = localeOf(input.user);
  const rendered = renderMail({
    locale,
    recipientName: input.user.name,
    headline: format(locale, "verify.mail.headline"),
    excerpt: format(locale, input.purpose === "signup" ? "verify.mail.signupExcerpt" : "verify.mail.changeExcerpt"),
    actionUrl: verifyUrl(token, input.redirectTo),
    actionLabel: format(locale, "verify.mail.action"),
    why: format(locale, "verify.mail.why"),
  });
  await enqueue(db, "mail:send", { to: input.email, ...rendered, account: true });
}

export interface SignupDetails {
  name: string;
  handle: string;
  password_hash: string;
}

/** Mails the link that verifies a new account's address (in the sign-up's transaction). */
export function mailSignupLink(db: Executor, user: Pick<User, "id" | "name" | "language" | "email">, details: SignupDetails, redirectTo?: string | null) {
  return mailLink(db, { user, email: user.email, purpose: "signup", details, redirectTo });
}

/**
 * A sign-up with an address that has an account: nothing visible changes for the person who
 * submitted it. A verified account's owner gets a notice with a sign-in and a reset link; an
 * account never verified gets a fresh link carrying this sign-up's details.
 */
export async function signupWithTakenAddress(existing: User, details: SignupDetails, redirectTo?: string | null): Promise<void> {
  const db = getDb();
  if (!existing.email_verified_at) return mailSignupLink(db, existing, details, redirectTo);
  const locale = localeOf(existing);
  const target = safeRedirectTarget(redirectTo, "");
  const rendered = renderMail({
    locale,
    recipientName: existing.name,
    headline: format(locale, "signup.verifyNotice.headline"),
    excerpt: format(locale, "signup.verifyNotice.excerpt", { resetUrl: `${mailOrigin()}/forgot-password` }),
    actionUrl: `${mailOrigin()}/login${target ? `?redirectTo=${encodeURIComponent(target)}` : ""}`,
    actionLabel: format(locale, "signup.verifyNotice.action"),
    why: format(locale, "verify.mail.why"),
  });
  await enqueue(db, "mail:send", { to: existing.email, ...rendered, account: true });
}

export type LinkState = { ok: true; purpose: "signup" | "change"; email: string } | { ok: false };

/** Whether a link can still be used (for the page, before the confirmation is posted). */
export async function verificationLink(token: string): Promise<LinkState> {
  if (!TOKEN_RE.test(token)) return { ok: false };
  const row = await verifications.findEmailVerification(getDb(), hashVerifyToken(token));
  if (!row || row.used_at || row.expires_at <= now()) return { ok: false };
  return { ok: true, purpose: row.purpose, email: row.email };
}

export type ConfirmResult = { ok: true; purpose: "signup"; setCookie: string } | { ok: true; purpose: "change" } | { ok: false; status: 409 | 410; message: string };

/** Follows a link: once, within its time. A sign-up's link verifies the account and signs in; a change's moves the address. */
export async function confirmEmail(token: string): Promise<ConfirmResult> {
  const invalid = { ok: false, status: 410, message: t("verify.page.invalid") } as const;
  if (!TOKEN_RE.test(token)) return invalid;
  const tokenHash = hashVerifyToken(token);
  const at = now();
  const outcome = await getDb()
    .transaction()
    .execute(async (trx): Promise<"invalid" | "taken" | { userId: string; purpose: "signup" | "change" }> => {
      const row = await verifications.findEmailVerification(trx, tokenHash);
      const user = row ? await users.findUserById(trx, row.user_id) : undefined;
      if (!row || !user || !(await verifications.useEmailVerification(trx, tokenHash, at))) return "invalid";
      if (row.purpose === "signup") {
        if (user.email_verified_at || user.email !== row.email) return "invalid";
        const details = JSON.parse(row.details ?? "{}") as Partial<SignupDetails>;
        const handleFree = details.handle && !(await handleTakenError(trx, details.handle, user.id));
        await users.updateUser(trx, user.id, {
          ...(details.name ? { name: details.name } : {}),
          ...(handleFree ? { handle: details.handle } : {}),
          ...(details.password_hash ? { password_hash: details.password_hash } : {}),
          email_verified_at: at,
          updated_at: at,
        });
        await verifications.voidEmailVerifications(trx, user.id, at, "signup");
        return { userId: user.id, purpose: "signup" };
      }
      const owner = await users.findUserByEmail(trx, row.email);
      if (owner && owner.id !== user.id) return "taken";
      await users.updateUser(trx, user.id, { email: row.email, email_verified_at: at, updated_at: at });
      await verifications.voidEmailVerifications(trx, user.id, at, "change");
      return { userId: user.id, purpose: "change" };
    });
  if (outcome === "invalid") return invalid;
  if (outcome === "taken") return { ok: false, status: 409, message: t("verify.page.taken") };
  if (outcome.purpose === "change") return { ok: true, purpose: "change" };
  return { ok: true, purpose: "signup", setCookie: await startSession(outcome.userId) };
}

export type ChangeResult = { ok: true; email: string } | { ok: false; fieldErrors: FieldErrors; values: { new_email: string } };

/**
 * Asks for a new address (the current password proves it is the account's owner). The answer is
 * the same whether or not another account has that address; only a free address gets the link.
 */
export async function requestEmailChange(userId: string, input: { new_email: unknown; current_password: unknown }): Promise<ChangeResult> {
  const db = getDb();
  const values = { new_email: String(input.new_email ?? "") };
  const user = await users.findUserById(db, userId);
  if (!user) return { ok: false, fieldErrors: { current_password: t("password.change.wrongCurrent") }, values };
  const parsed = emailField.safeParse(input.new_email);
  if (!parsed.success) return { ok: false, fieldErrors: { new_email: parsed.error.issues[0]?.message ?? t("verify.change.invalid") }, values };
  const email = parsed.data.toLowerCase();
  if (email === user.email) return { ok: false, fieldErrors: { new_email: t("verify.change.same") }, values };
  if (!(await verifyPassword(user.password_hash, String(input.current_password ?? "")))) {
    return { ok: false, fieldErrors: { current_password: t("password.change.wrongCurrent") }, values };
  }
  const at = now();
  const taken = await users.findUserByEmail(db, email);
  await db.transaction().execute(async (trx) => {
    await verifications.voidEmailVerifications(trx, user.id, at, "change");
    if (!taken) await mailLink(trx, { user, email, purpose: "change" });
  });
  return { ok: true, email };
}

/** What the notice for the signed-in person says: an address waiting for its link, if any. */
export async function verificationNotice(userId: string): Promise<{ pendingEmail: string | null; unverifiedEmail: string | null } | null> {
  const db = getDb();
  const user = await users.findUserById(db, userId);
  if (!user) return null;
  const pending = await verifications.pendingEmailVerification(db, userId, "change", now());
  if (!pending && user.email_verified_at) return null;
  return { pendingEmail: pending?.email ?? null, unverifiedEmail: user.email_verified_at ? null : user.email };
}

/** Mails the pending link again (a new one; earlier ones stop working). */
export async function resendVerification(userId: string): Promise<boolean> {
  const db = getDb();
  const user = await users.findUserById(db, userId);
  if (!user) return false;
  const at = now();
  const pending = await verifications.pendingEmailVerification(db, userId, "change", at);
  if (pending) {
    if (await users.findUserByEmail(db, pending.email)) return true;
    await db.transaction().execute(async (trx) => {
      await verifications.voidEmailVerifications(trx, user.id, at, "change");
      await mailLink(trx, { user, email: pending.email, purpose: "change" });
    });
    return true;
  }
  if (user.email_verified_at) return false;
  await mailLink(db, { user, email: user.email, purpose: "signup", details: { name: user.name, handle: user.handle, password_hash: user.password_hash } });
  return true;
}
