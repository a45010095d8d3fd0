import { hash, verify } from "@node-rs/argon2";
import { isWeakPassword } from "./password-strength.server";

// argon2id with OWASP's minimum: m=19456 KiB, t=2, p=1. (Algorithm 2 = Argon2id.)
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, algorithm: 2 as const };

export async function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Spends the time of one verification, so a login for an unknown email takes as long as a real one. */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword("not-a-real-password-just-for-timing");
  await verifyPassword(await dummyHash, password);
  return false;
}

/**
 * Whether a new password is too common or too easy to guess (see password-strength.server.ts):
 * pass the user's name and email so that a password made of them is refused too.
 */
export function isCommonPassword(password: string, userInputs: ReadonlyArray<string | null | undefined> = []): Promise<boolean> {
  return isWeakPassword(password, userInputs);
}
