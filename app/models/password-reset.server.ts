import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { getDb } from "../../db/client";
import { now } from "../../db/ids";
import { enqueue } from "../../db/queries/jobs";
import * as failures from "../../db/queries/login-failures";
import { findPasswordReset, insertPasswordReset, usePasswordReset } from "../../db/queries/password-resets";
import * as sessionsQ from "../../db/queries/sessions";
import * as users from "../../db/queries/users";
import { isLocale, type Locale } from "../../common/locales";
import { currentLocale, format } from "../lib/i18n/messages";
import { renderMail } from "../lib/mail/templates";
import { RESET_TEXT } from "../lib/password-reset-text";
import { hashPassword, isCommonPassword } from "../lib/password.server";
import { emailField, fieldErrors, passwordField, type FieldErrors } from "../lib/validation";
import { writeAudit } from "./audit.server";
import { LOGIN_WINDOW_MS, startSession } from "./auth.server";
import { emitDomainEvent } from "./events.server";
import { mailOrigin } from "./mail/addresses.server";

// Password reset (issue 22): /forgot-password mails a single-use link, valid an hour, to an
// address with an account, and answers the same whether or not there is one. Requests are
// throttled per client address and per email like log-ins. Only the token's SHA-256 is stored.
// /reset-password/:token sets a new password (sign-up's rules), ends every session of the account
// and signs this browser in.

export const RESET_VALID_MS = 60 * 60 * 1000;
export const MAX_RESETS_PER_ADDRESS = 20;
export const MAX_RESETS_PER_EMAIL = 5;


export const forgotSchema = z.object({ email: emailField });
export const resetSchema = z
  .object({ password: passwordField, confirm_password: z.string() })
  .refine((v) => v.password === v.confirm_password, { path: ["confirm_password"], error: () => RESET_TEXT.mismatch });

export function hashResetToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

async function throttled(keys: [string, number][]): Promise<number | null> {
  const since = new Date(Date.now() - LOGIN_WINDOW_MS).toISOString();
  let wait: number | null = null;
  for (const [key, max] of keys) {
    const { count, oldest } = await failures.countLoginFailures(getDb(), key, since);
    if (count >= max && oldest) wait = Math.max(wait ?? 0, Math.max(1, Math.ceil((Date.parse(oldest) + LOGIN_WINDOW_MS - Date.now()) / 1000)));
  }
  return wait;
}

export type ForgotResult = { ok: true } | { ok: false; status: 429; message: string; retryAfterSeconds: number };

/** Mails a reset link when the address has an account; the answer does not say whether it has. */
export async function requestPasswordReset(input: { email: string; address: string }): Promise<ForgotResult> {
  const addressKey = `reset-address:${input.address}`;
  const emailKey = `reset-email:${input.email}`;
  const wait = await throttled([
    [addressKey, MAX_RESETS_PER_ADDRESS],
    [emailKey, MAX_RESETS_PER_EMAIL],
  ]);
  if (wait !== null) return { ok: false, status: 429, message: RESET_TEXT.throttled(Math.ceil(wait / 60)), retryAfterSeconds: wait };
  const at = now();
  await failures.recordLoginFailure(getDb(), addressKey, at);
  await failures.recordLoginFailure(getDb(), emailKey, at);
  const user = await users.findUserByEmail(getDb(), input.email);
  if (!user) return { ok: true };
  const token = randomBytes(32).toString("base64url");
  // Written in the account's language (its profile's, else the language of this request).
  const locale: Locale = isLocale(user.language) ? user.language : currentLocale();
  const rendered = renderMail({
    locale,
    recipientName: user.name,
    headline: format(locale, "mail.reset.headline"),
    excerpt: format(locale, "mail.reset.excerpt"),
    actionUrl: `${mailOrigin()}/reset-password/${token}`,
    actionLabel: format(locale, "mail.reset.action"),
    why: format(locale, "mail.reset.why"),
  });
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await insertPasswordReset(trx, { token_hash: hashResetToken(token), user_id: user.id, expires_at: new Date(Date.now() + RESET_VALID_MS).toISOString(), created_at: at });
      await enqueue(trx, "mail:send", { to: user.email, ...rendered, account: true });
    });
  return { ok: true };
}

/** Whether a reset link can still be used (for the page, before the form is sent). */
export async function resetLinkValid(token: string): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return false;
  const row = await findPasswordReset(getDb(), hashResetToken(token));
  return Boolean(row && !row.used_at && row.expires_at > now());
}

export type ResetResult = { ok: true; setCookie: string } | { ok: false; status: 400 | 410; fieldErrors: FieldErrors; message?: string };

/** Sets the new password through a link: once, within the hour; every session of the account ends. */
export async function resetPassword(token: string, form: { password: unknown; confirm_password: unknown }): Promise<ResetResult> {
  if (!(await resetLinkValid(token))) return { ok: false, status: 410, fieldErrors: {}, message: RESET_TEXT.invalid };
  const parsed = resetSchema.safeParse(form);
  if (!parsed.success) return { ok: false, status: 400, fieldErrors: fieldErrors(parsed.error) };
  const tokenHash = hashResetToken(token);
  const row = (await findPasswordReset(getDb(), tokenHash))!;
  const user = await users.findUserById(getDb(), row.user_id);
  if (!user) return { ok: false, status: 410, fieldErrors: {}, message: RESET_TEXT.invalid };
  if (await isCommonPassword(parsed.data.password, [user.name, user.email])) return { ok: false, status: 400, fieldErrors: { password: RESET_TEXT.tooCommon } };
  const passwordHash = await hashPassword(parsed.data.password);
  const at = now();
  const used = await getDb()
    .transaction()
    .execute(async (trx) => {
      if (!(await usePasswordReset(trx, tokenHash, at))) return false;
      // The link reached the address: that verifies it too (issue 22).
      await users.updateUser(trx, user.id, { password_hash: passwordHash, email_verified_at: user.email_verified_at ?? at, updated_at: at });
      await sessionsQ.deleteUserSessions(trx, user.id);
      await writeAudit(trx, { coalitionId: null, actorId: user.id, subjectUserId: user.id, action: "password.reset", at });
      return true;
    });
  if (!used) return { ok: false, status: 410, fieldErrors: {}, message: RESET_TEXT.invalid };
  emitDomainEvent({ type: "user.sessions-ended", userId: user.id });
  return { ok: true, setCookie: await startSession(user.id) };
}
