import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { getDb } from "../../../db/client";
import { now } from "../../../db/ids";
import * as q from "../../../db/queries/second-factors";
import type { Executor } from "../../../db/queries/users";
import type { TotpSetup } from "../../lib/second-factor-types";
import { appSecret } from "../app-secrets.server";

// TOTP (RFC 6238) with otpauth (decision 0024): SHA-1, six digits, 30-second steps, the common
// authenticator apps' defaults. The secret is stored encrypted (AES-256-GCM under the app secret
// "totp-key") and shown only while being set up. A code is accepted for the step before, the
// current step and the one after (clock drift), and each step only once per user (`last_step`).

const PERIOD = 30;
const ISSUER = "Coalition Workspace";

const key = () => appSecret("totp-key");

async function encrypt(plain: string): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", await key(), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
}

async function decrypt(stored: string): Promise<string> {
  const [iv, tag, body] = stored.split(".").map((s) => Buffer.from(s, "base64url"));
  const decipher = createDecipheriv("aes-256-gcm", await key(), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
}

function totpFor(base32: string, label = "") {
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: PERIOD, secret: Secret.fromBase32(base32) });
}

/** Six digits, spaces allowed ("123 456"). */
export function normalizeTotpCode(raw: string): string | null {
  const code = raw.replace(/[\s-]/g, "");
  return /^\d{6}$/.test(code) ? code : null;
}

/** The time-step a code matches (within ±1 step of `at`), or null. */
function matchingStep(base32: string, code: string, at: number): number | null {
  const delta = totpFor(base32).validate({ token: code, timestamp: at, window: 1 });
  if (delta === null) return null;
  return TOTP.counter({ period: PERIOD, timestamp: at }) + delta;
}

export type { TotpSetup };

/** Whether the user has TOTP switched on. */
export async function totpEnabled(userId: string, db: Executor = getDb()): Promise<boolean> {
  const row = await q.findTotp(db, userId);
  return Boolean(row?.enabled_at);
}

/**
 * Starts (or restarts) setting up TOTP: a new secret, stored encrypted and not yet enabled; its
 * otpauth:// URI as a QR code (SVG made here, no remote image) and as text for typing in.
 */
export async function beginTotpSetup(user: { id: string; email: string }): Promise<TotpSetup | null> {
  const db = getDb();
  if (await totpEnabled(user.id, db)) return null;
  const secret = new Secret({ size: 20 }).base32;
  await q.putPendingTotp(db, { user_id: user.id, secret_enc: await encrypt(secret), created_at: now() });
  return setupView(secret, user.email);
}

/** The setup being confirmed (the same secret, shown again after a wrong code). */
export async function pendingTotpSetup(user: { id: string; email: string }): Promise<TotpSetup | null> {
  const row = await q.findTotp(getDb(), user.id);
  if (!row || row.enabled_at) return null;
  return setupView(await decrypt(row.secret_enc), user.email);
}

/** The QR code of a text as one SVG path (a unit square per dark module) inside a quiet zone of 2. */
function qrPath(text: string): { size: number; path: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const margin = 2;
  let path = "";
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) path += `M${col + margin} ${row + margin}h1v1h-1z`;
    }
  }
  return { size: modules.size + 2 * margin, path };
}

async function setupView(secret: string, email: string): Promise<TotpSetup> {
  const uri = totpFor(secret, email).toString();
  return { secret: secret.replace(/(.{4})/g, "$1 ").trim(), uri, qr: qrPath(uri) };
}

/** Confirms the setup with a code from the app: enables TOTP (that step counts as used). */
export async function confirmTotpSetup(db: Executor, userId: string, rawCode: string, at = Date.now()): Promise<boolean> {
  const code = normalizeTotpCode(rawCode);
  const row = await q.findTotp(db, userId);
  if (!code || !row || row.enabled_at) return false;
  const step = matchingStep(await decrypt(row.secret_enc), code, at);
  if (step === null) return false;
  return q.enableTotp(db, userId, step, now());
}

/**
 * Checks a sign-in code: true once for a code of an enabled secret; the same code (or an older
 * one) is refused afterwards, so a code seen over a shoulder or a proxy cannot be replayed.
 */
export async function verifyTotp(db: Executor, userId: string, rawCode: string, at = Date.now()): Promise<boolean> {
  const code = normalizeTotpCode(rawCode);
  const row = await q.findTotp(db, userId);
  if (!code || !row?.enabled_at) return false;
  const step = matchingStep(await decrypt(row.secret_enc), code, at);
  if (step === null) return false;
  return q.useTotpStep(db, userId, step);
}
