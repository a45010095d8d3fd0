import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { appSecret } from "./app-secrets.server";
import { getConfig } from "../lib/config.server";

// OWASP "Slow Down Online Guessing Attacks with Device Cookies": each successful log-in sets a
// cookie naming the login (the email) and a random nonce, signed with HMAC-SHA256 under a
// server secret (app_secrets "device-cookie", migration 0009). A browser presenting a valid
// cookie for the email it logs in as is a "trusted device": it is exempt from the per-address
// and per-account lockouts, and its failures count against its own nonce instead. Everyone
// else ("untrusted clients") meets the usual limits. See login() in auth.server.ts.

export const DEVICE_COOKIE = "cw_device";
/** A year, in seconds. A new cookie (and nonce) is set at each successful log-in. */
export const DEVICE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;
/** Only the log-in route ever receives it. */
export const DEVICE_COOKIE_PATH = "/login";

/** The HMAC key, from the database, read once per database handle. */
const secret = () => appSecret("device-cookie");

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64url");

function sign(key: Buffer, login: string, nonce: string): Buffer {
  return createHmac("sha256", key).update(`${DEVICE_COOKIE}\n${login}\n${nonce}`).digest();
}

function serialize(value: string, maxAge: number): string {
  const secure = (getConfig().APP_ORIGIN ?? "").startsWith("https:");
  return `${DEVICE_COOKIE}=${value}; Path=${DEVICE_COOKIE_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** A fresh device cookie for this login: a Set-Cookie header. */
export async function issueDeviceCookie(email: string): Promise<string> {
  const login = email.toLowerCase();
  const nonce = randomBytes(16).toString("base64url");
  const mac = sign(await secret(), login, nonce).toString("base64url");
  return serialize(`${b64(login)}.${nonce}.${mac}`, DEVICE_COOKIE_MAX_AGE);
}

/** The raw value of the device cookie in a Cookie header, if any. */
function readCookie(cookieHeader: string | null | undefined): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === DEVICE_COOKIE) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * The nonce of a valid device cookie for this email (the key its failures count against), or
 * null: no cookie, a bad signature, or a cookie for another login.
 */
export async function trustedDeviceNonce(cookieHeader: string | null | undefined, email: string): Promise<string | null> {
  const value = readCookie(cookieHeader);
  if (!value || value.length > 1024) return null;
  const [login64, nonce, mac64, extra] = value.split(".");
  if (!login64 || !nonce || !mac64 || extra !== undefined) return null;
  const login = Buffer.from(login64, "base64url").toString("utf8");
  if (login !== email.toLowerCase()) return null;
  const expected = sign(await secret(), login, nonce);
  const given = Buffer.from(mac64, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return nonce;
}
