import { createHmac, timingSafeEqual } from "node:crypto";
import type { Executor } from "../../../db/queries/users";
import { appSecret } from "../app-secrets.server";

// Links in mail that act without a session (one-click unsubscribe) carry their own proof: the
// fields, signed with HMAC-SHA256 under a server secret kept in app_secrets ("mail-links"), like
// the login device cookie's. The secret is read through the caller's executor (a transaction on
// SQLite must not wait for the handle it holds) and kept per database handle (appSecret).

const SECRET_NAME = "mail-links";
const secret = (db: Executor) => appSecret(SECRET_NAME, db);

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64url");
const unb64 = (s: string) => Buffer.from(s, "base64url").toString("utf8");

function mac(key: Buffer, purpose: string, fields: string[]): Buffer {
  return createHmac("sha256", key).update([purpose, ...fields].join("\n")).digest();
}

/** A URL-safe token carrying `fields` for `purpose` (each field base64url, then the MAC). */
export async function signFields(db: Executor, purpose: string, fields: string[]): Promise<string> {
  const key = await secret(db);
  return [...fields.map(b64), mac(key, purpose, fields).toString("base64url")].join(".");
}

/** The fields of a token made by signFields for `purpose`, or null when it is not one (forged, altered, other purpose). */
export async function verifyFields(db: Executor, purpose: string, token: string, count: number): Promise<string[] | null> {
  if (token.length > 1000) return null;
  const parts = token.split(".");
  if (parts.length !== count + 1 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return null;
  const fields = parts.slice(0, count).map(unb64);
  const given = Buffer.from(parts[count], "base64url");
  const expected = mac(await secret(db), purpose, fields);
  return given.length === expected.length && timingSafeEqual(given, expected) ? fields : null;
}
