import type { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { COMMON_PASSWORDS } from "./common-passwords";

// NIST SP 800-63B §5.1.1.2: new passwords are checked against commonly used and breached
// passwords. zxcvbn-ts with its common dictionary (~49,000 leaked passwords plus the diceware
// list, all offline) estimates how many guesses a password takes; the project's own short list
// (app/lib/common-passwords.ts: "coalition", "workspace"…) is added as one more dictionary.
//
// The dictionaries are large (~3 MB of JS, ~0.3 s to load and build on a dev machine), so they
// are loaded once per process, on the first check, never at start-up.

/** zxcvbn's score (0–4); below this a password is refused. 3 = "safely unguessable" (~10^8 guesses). */
export const MIN_PASSWORD_SCORE = 3;

/** zxcvbn scores this many leading characters (see maxLength below). */
export const MAX_CHECKED_LENGTH = 64;

let checker: Promise<ZxcvbnFactory> | undefined;

/** The zxcvbn checker, built on first use and shared by every later call. */
export function passwordChecker(): Promise<ZxcvbnFactory> {
  checker ??= (async () => {
    const [{ ZxcvbnFactory }, common] = await Promise.all([import("@zxcvbn-ts/core"), import("@zxcvbn-ts/language-common")]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, "coalition-common": [...COMMON_PASSWORDS] },
      graphs: common.adjacencyGraphs,
      // zxcvbn's cost grows fast with length (~100–280 ms of CPU for 256 characters here, against
      // ~7–10 ms for a typical passphrase). Only the first 64 characters are scored: a longer
      // password is judged by them.
      maxLength: MAX_CHECKED_LENGTH,
    });
  })();
  checker.catch(() => (checker = undefined));
  return checker;
}

/** The words of the user's own details that a password must not be built on (name, email, its parts). */
export function userInputsOf(inputs: ReadonlyArray<string | null | undefined>): string[] {
  const out = new Set<string>();
  for (const raw of inputs) {
    const value = raw?.trim().toLowerCase();
    if (!value) continue;
    out.add(value);
    for (const part of value.split(/[\s@.+_-]+/)) if (part.length >= 3) out.add(part);
  }
  return [...out];
}

/**
 * True when a new password is too easy to guess: in the project's list, a whole entry of a
 * common/breached dictionary, built on the user's own name or email, or scored below
 * MIN_PASSWORD_SCORE by zxcvbn.
 */
export async function isWeakPassword(password: string, userInputs: ReadonlyArray<string | null | undefined> = []): Promise<boolean> {
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return true;
  const inputs = userInputsOf(userInputs);
  if (inputs.includes(lower.trim())) return true;
  const result = (await passwordChecker()).check(password, inputs);
  if (result.score < MIN_PASSWORD_SCORE) return true;
  // A single dictionary match covering the whole password (any case or l33t form) is a known password.
  return result.sequence.length === 1 && result.sequence[0].pattern === "dictionary";
}
