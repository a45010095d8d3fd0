import { createHash, randomBytes } from "node:crypto";
import { getDb } from "../../../db/client";
import { now } from "../../../db/ids";
import * as q from "../../../db/queries/second-factors";
import { getConfig } from "../../lib/config.server";

// A pending login (see second-step.server.ts): the password was right, the second factor is still
// to come. Kept apart so auth.server.ts can start one without importing the second step.

export const PENDING_COOKIE = "cw_pending_login";
export const PENDING_LOGIN_TTL_MS = 5 * 60 * 1000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

function cookie(value: string, maxAge: number): string {
  const secure = (getConfig().APP_ORIGIN ?? "").startsWith("https:");
  return `${PENDING_COOKIE}=${value}; Path=/login; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export const clearPendingCookie = () => cookie("", 0);

/** Starts a pending login for a user whose password was right: its Set-Cookie header. */
export async function startPendingLogin(userId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const at = new Date();
  await q.insertPendingLogin(getDb(), {
    token_hash: hashToken(token),
    user_id: userId,
    created_at: at.toISOString(),
    expires_at: new Date(at.getTime() + PENDING_LOGIN_TTL_MS).toISOString(),
  });
  return cookie(token, PENDING_LOGIN_TTL_MS / 1000);
}

function readToken(cookieHeader: string | null | undefined): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === PENDING_COOKIE && rest.length) return rest.join("=") || null;
  }
  return null;
}

export interface PendingLogin {
  tokenHash: string;
  userId: string;
  methods: { totp: boolean; passkey: boolean };
}

/** The pending login this browser holds, with the second factors its account has, or null. */
export async function pendingLogin(cookieHeader: string | null | undefined): Promise<PendingLogin | null> {
  const token = readToken(cookieHeader);
  if (!token) return null;
  const db = getDb();
  const row = await q.findPendingLogin(db, hashToken(token), now());
  if (!row) return null;
  const totp = await q.findTotp(db, row.user_id);
  return { tokenHash: row.token_hash, userId: row.user_id, methods: { totp: Boolean(totp?.enabled_at), passkey: (await q.countPasskeys(db, row.user_id)) > 0 } };
}

/** Whether the account signs in with a second step (TOTP enabled or a passkey registered). */
export async function needsSecondStep(userId: string): Promise<boolean> {
  const db = getDb();
  const totp = await q.findTotp(db, userId);
  return Boolean(totp?.enabled_at) || (await q.countPasskeys(db, userId)) > 0;
}
