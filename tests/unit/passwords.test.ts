import { describe, expect, it } from "vitest";
import { isCommonPassword } from "../../app/lib/password.server";
import { passwordChecker } from "../../app/lib/password-strength.server";

// The sign-up / password-change check (NIST SP 800-63B): zxcvbn-ts with its common dictionary,
// the project's own list, and the user's name and email.

describe("isCommonPassword", () => {
  it("loads the dictionaries once per process (cost reported, not asserted)", async () => {
    const t0 = performance.now();
    const first = await passwordChecker();
    const loadMs = performance.now() - t0;
    expect(await passwordChecker()).toBe(first);
    const samples = ["a fine passphrase", "correct horse battery staple", "Tr0ub4dor&3", "password123"];
    const t1 = performance.now();
    for (let i = 0; i < 50; i++) await isCommonPassword(`${samples[i % samples.length]} ${i}`, ["Grace Hopper", "grace@example.org"]);
    const perCheckMs = (performance.now() - t1) / 50;
    console.log(`zxcvbn: first load ${loadMs.toFixed(0)} ms, then ${perCheckMs.toFixed(2)} ms per check`);
  });

  const breached = ["password", "password123", "123456789", "qwertyuiop", "iloveyou", "P@ssw0rd", "letmein1", "trustno1", "monkey123", "dragon12", "Summer2024!", "football1", "1q2w3e4r5t", "abc123456"];
  for (const password of breached) {
    it(`refuses the famous breached password ${JSON.stringify(password)}`, async () => {
      expect(await isCommonPassword(password)).toBe(true);
    });
  }

  it("still refuses the project's own list (coalition, workspace…), which zxcvbn alone scores as fair", async () => {
    expect(await isCommonPassword("coalition")).toBe(true);
    expect(await isCommonPassword("Workspace")).toBe(true);
  });

  const good = ["correct horse battery staple", "a fine passphrase", "first passphrase", "whatever passphrase", "a brand new passphrase", "original passphrase", "new passphrase", "Tr0ub4dor&3-lamp"];
  for (const password of good) {
    it(`accepts the passphrase ${JSON.stringify(password)}`, async () => {
      expect(await isCommonPassword(password, ["Grace Hopper", "grace@example.org"])).toBe(false);
    });
  }

  it("judges a long password by its first 64 characters (zxcvbn's cost grows with length)", async () => {
    expect(await isCommonPassword("password".repeat(32))).toBe(true);
    const long = "the quiet harbour keeps seven lanterns burning for late ferries while gulls argue over chips";
    const t0 = performance.now();
    expect(await isCommonPassword(long.repeat(3).slice(0, 256))).toBe(false);
    console.log(`zxcvbn: 256-character passphrase checked in ${(performance.now() - t0).toFixed(1)} ms`);
  });

  it("refuses a password made of the user's own email or name", async () => {
    const user = ["Grace Hopper", "grace.hopper@navy-example.org"];
    expect(await isCommonPassword("grace.hopper@navy-example.org", user)).toBe(true);
    expect(await isCommonPassword("Grace.Hopper@Navy-Example.org", user)).toBe(true);
    expect(await isCommonPassword("Grace Hopper", user)).toBe(true);
    expect(await isCommonPassword("gracehopper1", user)).toBe(true);
    // The same email is a fair password for someone else (zxcvbn alone cannot know it is yours).
    expect(await isCommonPassword("grace.hopper@navy-example.org", ["Ada Lovelace", "ada@example.org"])).toBe(false);
  });
});
