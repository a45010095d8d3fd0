import { createHmac, timingSafeEqual } from "node:crypto";
import type { Executor } from "../../../db/queries/users";
import { appSecret } from "../app-secrets.server";
import { mailDomain } from "./addresses.server";

// The Reply-To of a thread's mail: reply+<user>-<thread>-<mac>@MAIL_DOMAIN. Whoever answers
// posts as <user> in <thread> — so the key is the proof, not the From line (which anyone can
// forge). The MAC is HMAC-SHA256 under the "mail-links" secret, cut to 80 bits and written in
// lower-case base32: mail systems may lower-case a local part, and the whole address stays within
// the 64 characters RFC 5321 allows a local part (6 + 16 + 1 + 16 + 1 + 16 = 56).

const PURPOSE = "reply-by-mail";
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const ID = /^[a-z0-9]{1,32}$/;

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

async function mac(db: Executor, userId: string, threadId: string): Promise<string> {
  const key = await appSecret("mail-links", db);
  return base32(createHmac("sha256", key).update(`${PURPOSE}\n${userId}\n${threadId}`).digest().subarray(0, 10));
}

/** The local part (before the @) of the address that posts as `userId` in `threadId`. */
export async function replyLocalPart(db: Executor, userId: string, threadId: string): Promise<string> {
  if (!ID.test(userId) || !ID.test(threadId)) throw new Error("reply address: unexpected id");
  return `reply+${userId}-${threadId}-${await mac(db, userId, threadId)}`;
}

export async function replyAddress(db: Executor, userId: string, threadId: string): Promise<string> {
  return `${await replyLocalPart(db, userId, threadId)}@${mailDomain()}`;
}

/** Who may post where with this local part, or null when it is not one we made (forged, altered, truncated). */
export async function readReplyLocalPart(db: Executor, localPart: string): Promise<{ userId: string; threadId: string } | null> {
  const m = /^reply\+([a-z0-9]{1,32})-([a-z0-9]{1,32})-([a-z2-7]{16})$/.exec(localPart.toLowerCase());
  if (!m) return null;
  const [, userId, threadId, given] = m as unknown as [string, string, string, string];
  const expected = await mac(db, userId, threadId);
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected)) ? { userId, threadId } : null;
}
