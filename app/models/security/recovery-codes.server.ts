import { createHmac, randomBytes } from "node:crypto";
import { newId, now } from "../../../db/ids";
import * as q from "../../../db/queries/second-factors";
import type { Executor } from "../../../db/queries/users";
import { appSecret } from "../app-secrets.server";

// Ten single-use recovery codes, shown once. Only an HMAC-SHA256 of each (under the app secret
// "recovery-codes") is stored: the codes carry 50 random bits each, so a keyed hash is enough and
// lets a code be looked up by its hash.

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i

function newCode(): string {
  const bytes = randomBytes(10);
  let out = "";
  for (let i = 0; i < 10; i++) out += ALPHABET[bytes[i] % ALPHABET.length];
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

/** A typed code in the stored form: lower case, no spaces, the dash put back. */
export function normalizeRecoveryCode(raw: string): string | null {
  const s = raw.toLowerCase().replace(/[\s-]/g, "");
  return /^[a-z0-9]{10}$/.test(s) ? `${s.slice(0, 5)}-${s.slice(5)}` : null;
}

async function hashCode(code: string, db: Executor): Promise<string> {
  return createHmac("sha256", await appSecret("recovery-codes", db)).update(code).digest("hex");
}

/** New codes replacing all earlier ones; the plain codes are returned to be shown once. */
export async function regenerateRecoveryCodes(db: Executor, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  const rows = await Promise.all(codes.map(async (c) => ({ id: newId(), code_hash: await hashCode(c, db) })));
  await q.replaceRecoveryCodes(db, userId, rows, now());
  return codes;
}

/** Uses a code: true once per code. */
export async function useRecoveryCode(db: Executor, userId: string, raw: string): Promise<boolean> {
  const code = normalizeRecoveryCode(raw);
  if (!code) return false;
  return q.useRecoveryCode(db, userId, await hashCode(code, db), now());
}

export function unusedRecoveryCodes(db: Executor, userId: string): Promise<number> {
  return q.countUnusedRecoveryCodes(db, userId);
}
