import { Lucia, type Session, TimeSpan } from "lucia";
import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";
import * as failures from "../../db/queries/login-failures";
import * as sessionsQ from "../../db/queries/sessions";
import * as users from "../../db/queries/users";
import type { RequestUser } from "../load-context";
import { getConfig } from "../lib/config.server";
import { currentLocale, t } from "../lib/i18n/messages";
import { hashPassword, isCommonPassword, verifyDummyPassword, verifyPassword } from "../lib/password.server";
import type { FieldErrors } from "../lib/validation";
import { cancelDeletion } from "./account-deletion.server";
import { issueDeviceCookie, trustedDeviceNonce } from "./device-cookie.server";
import { mailSignupLink, signupWithTakenAddress } from "./email-verification.server";
import { emitDomainEvent } from "./events.server";
import { needsSecondStep, startPendingLogin } from "./security/pending-login.server";
import { HashedKyselyAdapter, hashSessionId } from "./session-adapter.server";
import { freeHandleForName, handleTakenError, isHandleUniqueViolation } from "./users.server";

/** The signed-in user as every request sees it (see app/load-context.ts). */
export type SessionUser = RequestUser;

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseUserAttributes: {
      email: string;
      name: string;
      organization: string | null;
      stakeholder_group: string | null;
      region: string | null;
      language: string | null;
      is_site_admin: number;
    };
  }
}

export const SESSION_COOKIE = "cw_session";

function createLucia(secure: boolean) {
  return new Lucia(new HashedKyselyAdapter(getDb), {
    sessionExpiresIn: new TimeSpan(30, "d"),
    sessionCookie: { name: SESSION_COOKIE, expires: true, attributes: { secure, sameSite: "lax" } },
    getUserAttributes: (a) => ({
      email: a.email,
      name: a.name,
      organization: a.organization,
      stakeholder_group: a.stakeholder_group,
      region: a.region,
      language: a.language,
      isSiteAdmin: a.is_site_admin === 1,
    }),
  });
}

let cached: { secure: boolean; lucia: ReturnType<typeof createLucia> } | undefined;
/** The Lucia instance; cookies are Secure when APP_ORIGIN is https. */
export function lucia() {
  const secure = (getConfig().APP_ORIGIN ?? "").startsWith("https:");
  if (!cached || cached.secure !== secure) cached = { secure, lucia: createLucia(secure) };
  return cached.lucia;
}

export interface AuthResult {
  user: SessionUser | null;
  session: Session | null;
  /** A Set-Cookie header to send (a refreshed or cleared session cookie), if any. */
  setCookie: string | null;
}

/** Reads the session cookie from a Cookie header and validates it. */
export async function authenticate(cookieHeader: string | null | undefined): Promise<AuthResult> {
  const l = lucia();
  const sessionId = l.readSessionCookie(cookieHeader ?? "");
  if (!sessionId) return { user: null, session: null, setCookie: null };
  const { session, user } = await l.validateSession(sessionId);
  if (!session) return { user: null, session: null, setCookie: l.createBlankSessionCookie().serialize() };
  const setCookie = session.fresh ? l.createSessionCookie(session.id).serialize() : null;
  // Lucia's User already carries the id next to the attributes getUserAttributes returned.
  return { user: { ...user } as SessionUser, session, setCookie };
}

/** Starts a session; returns its Set-Cookie header. */
export async function startSession(userId: string): Promise<string> {
  const session = await lucia().createSession(userId, {});
  return lucia().createSessionCookie(session.id).serialize();
}

/** Ends one session (logout) and tells the collaboration server to close its sockets. */
export async function endSession(sessionId: string): Promise<string> {
  await lucia().invalidateSession(sessionId);
  emitDomainEvent({ type: "session.ended", sessionIdHash: hashSessionId(sessionId) });
  return lucia().createBlankSessionCookie().serialize();
}

export type SignupResult =
  | { ok: true }
  | { ok: false; status: 400; fieldErrors: FieldErrors }
  | { ok: false; status: 429; message: string; retryAfterSeconds: number };

/** Sign-up attempts allowed per address and per email within LOGIN_WINDOW_MS. */
export const MAX_SIGNUPS_PER_ADDRESS = 20;
export const MAX_SIGNUPS_PER_EMAIL = 5;

/**
 * Creates an account with an unverified address (the first one on an empty install becomes site
 * administrator) and mails the link that verifies it and signs in (email-verification.server.ts).
 * An address that already has an account gets the same answer, and its owner a notice instead:
 * the answer never tells whether an address has an account (the password is hashed either way).
 * Attempts are throttled per client address and per email like logins.
 */
export async function signup(input: { name: string; email: string; password: string; handle?: string | null; address: string; redirectTo?: string | null }): Promise<SignupResult> {
  const addressKey = `signup-address:${input.address}`;
  const emailKey = `signup-email:${input.email.toLowerCase()}`;
  const wait = await throttled([
    [addressKey, MAX_SIGNUPS_PER_ADDRESS],
    [emailKey, MAX_SIGNUPS_PER_EMAIL],
  ]);
  if (wait !== null) {
    return { ok: false, status: 429, message: t("signup.error.throttled", { minutes: Math.ceil(wait / 60) }), retryAfterSeconds: wait };
  }
  const attemptAt = now();
  await failures.recordLoginFailure(getDb(), addressKey, attemptAt);
  await failures.recordLoginFailure(getDb(), emailKey, attemptAt);
  if (await isCommonPassword(input.password, [input.name, input.email])) {
    return { ok: false, status: 400, fieldErrors: { password: t("password.tooCommon") } };
  }
  const db = getDb();
  if (input.handle) {
    const taken = await handleTakenError(db, input.handle);
    if (taken) return { ok: false, status: 400, fieldErrors: { handle: taken } };
  }
  const handle = input.handle ?? (await freeHandleForName(db, input.name));
  const passwordHash = await hashPassword(input.password);
  const email = input.email.toLowerCase();
  const details = { name: input.name, handle, password_hash: passwordHash };
  const existing = await users.findUserByEmail(db, email);
  if (existing) {
    await signupWithTakenAddress(existing, details, input.redirectTo);
    return { ok: true };
  }
  const id = newId();
  const at = now();
  try {
    await db.transaction().execute(async (trx) => {
      const first = (await users.countUsers(trx)) === 0;
      const user = {
        id,
        email,
        name: input.name,
        handle,
        password_hash: passwordHash,
        is_site_admin: first ? 1 : 0,
        organization: null,
        stakeholder_group: null,
        region: null,
        // The language the person signed up in: their mail and pages stay in it (the profile changes it).
        language: currentLocale(),
        email_verified_at: null,
        created_at: at,
        updated_at: at,
      };
      await users.insertUser(trx, user);
      await mailSignupLink(trx, user, details, input.redirectTo);
    });
  } catch (error) {
    // A concurrent sign-up with the same email or handle lost the race to the unique index.
    if (isHandleUniqueViolation(error)) {
      return { ok: false, status: 400, fieldErrors: { handle: (await handleTakenError(db, handle)) ?? t("signup.error.handleTaken") } };
    }
    if (/unique|duplicate/i.test(String((error as Error).message))) {
      const winner = await users.findUserByEmail(db, email);
      if (winner) await signupWithTakenAddress(winner, details, input.redirectTo);
      return { ok: true };
    }
    throw error;
  }
  return { ok: true };
}

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_ACCOUNT_FAILURES = 10;
export const MAX_ADDRESS_FAILURES = 100;
/** Failures allowed to one device cookie (see device-cookie.server.ts) within LOGIN_WINDOW_MS. */
export const MAX_DEVICE_FAILURES = 10;
/** The one answer to every failed log-in, in the request's language. */
export function genericLoginError(): string {
  return t("login.error.noMatch");
}

export type LoginResult =
  | { ok: true; userId: string; setCookie: string; deviceCookie: string; deletionCancelled: boolean }
  /** The password was right and the account has a second factor: a pending login's cookie, no session yet. */
  | { ok: "second-step"; userId: string; pendingCookie: string }
  | { ok: false; status: 400; message: string }
  | { ok: false; status: 429; message: string; retryAfterSeconds: number };

/** The longest wait (seconds) any of these keys must sit out, or null: the log-in throttle, shared by second factors. */
export async function throttled(keys: [string, number][]): Promise<number | null> {
  const since = new Date(Date.now() - LOGIN_WINDOW_MS).toISOString();
  let wait: number | null = null;
  for (const [key, max] of keys) {
    const { count, oldest } = await failures.countLoginFailures(getDb(), key, since);
    if (count >= max && oldest) {
      const seconds = Math.max(1, Math.ceil((new Date(oldest).getTime() + LOGIN_WINDOW_MS - Date.now()) / 1000));
      wait = Math.max(wait ?? 0, seconds);
    }
  }
  return wait;
}

/**
 * Checks credentials with one generic error for every failure and similar work whether or
 * not the email exists. Ten failures for one account (or a hundred from one address) within
 * fifteen minutes lock further attempts, even with the right password, until the window passes.
 *
 * A browser with a valid device cookie for this email (set by an earlier successful log-in,
 * `cookieHeader`) is exempt from both: its failures count against that cookie only, and ten of
 * them make it an ordinary untrusted client again (OWASP's device-cookie scheme).
 */
export async function login(input: { email: string; password: string; address: string; cookieHeader?: string | null }): Promise<LoginResult> {
  const accountKey = `account:${input.email.toLowerCase()}`;
  const addressKey = `address:${input.address}`;
  const nonce = await trustedDeviceNonce(input.cookieHeader, input.email);
  let deviceKey = nonce ? `device:${nonce}` : null;
  if (deviceKey && (await throttled([[deviceKey, MAX_DEVICE_FAILURES]])) !== null) deviceKey = null;
  const wait = await throttled(
    deviceKey
      ? [[deviceKey, MAX_DEVICE_FAILURES]]
      : [
          [accountKey, MAX_ACCOUNT_FAILURES],
          [addressKey, MAX_ADDRESS_FAILURES],
        ],
  );
  if (wait !== null) {
    return { ok: false, status: 429, message: t("login.error.throttled", { minutes: Math.ceil(wait / 60) }), retryAfterSeconds: wait };
  }
  const user = await users.findUserByEmail(getDb(), input.email);
  const valid = user ? await verifyPassword(user.password_hash, input.password) : await verifyDummyPassword(input.password);
  // An address never verified cannot log in (its link signs in): otherwise logging in with the
  // password just given to sign-up would tell whether the address already had an account.
  if (!user || !valid || !user.email_verified_at) {
    const at = now();
    if (deviceKey) {
      await failures.recordLoginFailure(getDb(), deviceKey, at);
    } else {
      await failures.recordLoginFailure(getDb(), accountKey, at);
      await failures.recordLoginFailure(getDb(), addressKey, at);
    }
    return { ok: false, status: 400, message: genericLoginError() };
  }
  await failures.clearLoginFailures(getDb(), accountKey);
  if (deviceKey) await failures.clearLoginFailures(getDb(), deviceKey);
  if (await needsSecondStep(user.id)) return { ok: "second-step", userId: user.id, pendingCookie: await startPendingLogin(user.id) };
  // Signing in during a deletion's grace period cancels it (issue 27); the login page says so.
  const deletionCancelled = await cancelDeletion(getDb(), user.id);
  return { ok: true, userId: user.id, setCookie: await startSession(user.id), deviceCookie: await issueDeviceCookie(user.email), deletionCancelled };
}

export type ChangePasswordResult = { ok: true } | { ok: false; fieldErrors: FieldErrors };

/** Changes a password after checking the current one; ends every other session of the user. */
export async function changePassword(
  userId: string,
  currentSessionId: string,
  input: { current_password: string; new_password: string },
): Promise<ChangePasswordResult> {
  const db = getDb();
  const user = await users.findUserById(db, userId);
  if (!user || !(await verifyPassword(user.password_hash, input.current_password))) {
    return { ok: false, fieldErrors: { current_password: t("password.change.wrongCurrent") } };
  }
  if (await isCommonPassword(input.new_password, [user.name, user.email])) {
    return { ok: false, fieldErrors: { new_password: t("password.tooCommon") } };
  }
  const passwordHash = await hashPassword(input.new_password);
  const keep = hashSessionId(currentSessionId);
  await db.transaction().execute(async (trx) => {
    await users.updateUser(trx, userId, { password_hash: passwordHash, updated_at: now() });
    await sessionsQ.deleteUserSessions(trx, userId, keep);
  });
  emitDomainEvent({ type: "user.sessions-ended", userId, exceptSessionIdHash: keep });
  return { ok: true };
}

/** Grants site administration to an existing account (the CLI's `admin:grant`). */
export async function grantSiteAdmin(email: string): Promise<boolean> {
  const user = await users.findUserByEmail(getDb(), email);
  if (!user) return false;
  await users.updateUser(getDb(), user.id, { is_site_admin: 1, updated_at: now() });
  return true;
}
