import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { getDb } from "../../../db/client";
import { newId, now } from "../../../db/ids";
import * as q from "../../../db/queries/second-factors";
import type { Executor } from "../../../db/queries/users";
import type { PasskeyView } from "../../lib/second-factor-types";

// Passkeys (WebAuthn) with SimpleWebAuthn (decision 0024). The relying party is the app's public
// origin (APP_ORIGIN; the request's host when unset, see server/security.ts expectedOrigin): its
// host name is the RP ID. Every ceremony's challenge is stored here, used once and expires after
// CHALLENGE_TTL_MS; the browser only carries the challenge row's id back.

export const CHALLENGE_TTL_MS = 5 * 60 * 1000;
const RP_NAME = "Coalition Workspace";
export const PASSKEY_NAME_MAX = 60;

export interface RelyingParty {
  origin: string;
}
const rpId = (rp: RelyingParty) => new URL(rp.origin).hostname;

async function storeChallenge(db: Executor, challenge: string, purpose: "register" | "authenticate", userId: string | null): Promise<string> {
  const id = newId(24);
  await q.insertChallenge(db, { id, challenge, purpose, user_id: userId, expires_at: new Date(Date.now() + CHALLENGE_TTL_MS).toISOString() });
  return id;
}

const transportsOf = (row: q.PasskeyTable) => (row.transports ? (JSON.parse(row.transports) as AuthenticatorTransport[]) : undefined);

/** Options for adding a passkey to the account (a discoverable credential, so it also signs in alone). */
export async function passkeyRegistrationOptions(
  user: { id: string; email: string; name: string },
  rp: RelyingParty,
): Promise<{ challengeId: string; options: PublicKeyCredentialCreationOptionsJSON }> {
  const db = getDb();
  const existing = await q.listPasskeys(db, user.id);
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rpId(rp),
    userName: user.email,
    userDisplayName: user.name,
    userID: new TextEncoder().encode(user.id),
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: transportsOf(p) })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
    timeout: CHALLENGE_TTL_MS,
  });
  return { challengeId: await storeChallenge(db, options.challenge, "register", user.id), options };
}

export type PasskeyRegistration = { ok: true; id: string; name: string } | { ok: false; reason: "challenge" | "invalid" | "name" };

/** Checks the browser's answer and stores the passkey under the name the person gave it. */
export async function registerPasskey(
  db: Executor,
  userId: string,
  input: { challengeId: string; response: RegistrationResponseJSON; name: string },
  rp: RelyingParty,
): Promise<PasskeyRegistration> {
  const name = input.name.trim();
  if (!name || name.length > PASSKEY_NAME_MAX) return { ok: false, reason: "name" };
  const challenge = await q.takeChallenge(db, input.challengeId, "register", now());
  if (!challenge || challenge.user_id !== userId) return { ok: false, reason: "challenge" };
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rpId(rp),
      requireUserVerification: true,
    });
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (!verification.verified || !verification.registrationInfo) return { ok: false, reason: "invalid" };
  const { credential } = verification.registrationInfo;
  if (await q.findPasskey(db, credential.id)) return { ok: false, reason: "invalid" };
  await q.insertPasskey(db, {
    id: credential.id,
    user_id: userId,
    name,
    public_key: Buffer.from(credential.publicKey).toString("base64url"),
    counter: credential.counter,
    transports: credential.transports ? JSON.stringify(credential.transports) : null,
    created_at: now(),
    last_used_at: null,
  });
  return { ok: true, id: credential.id, name };
}

/**
 * Options for signing in with a passkey: for a known user (the second step) their passkeys are
 * allowed; with no user (password-less) the browser offers any discoverable passkey for this site.
 */
export async function passkeyAuthenticationOptions(
  userId: string | null,
  rp: RelyingParty,
): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const db = getDb();
  const allow = userId ? await q.listPasskeys(db, userId) : [];
  const options = await generateAuthenticationOptions({
    rpID: rpId(rp),
    allowCredentials: allow.map((p) => ({ id: p.id, transports: transportsOf(p) })),
    userVerification: userId ? "preferred" : "required",
    timeout: CHALLENGE_TTL_MS,
  });
  return { challengeId: await storeChallenge(db, options.challenge, "authenticate", userId), options };
}

/**
 * Checks a passkey sign-in: the user id it proves, or null. With `userId` (the second step) the
 * passkey must be that user's; without (password-less) user verification is required.
 */
export async function verifyPasskeyAuthentication(
  db: Executor,
  input: { challengeId: string; response: AuthenticationResponseJSON },
  rp: RelyingParty,
  userId: string | null,
): Promise<string | null> {
  const challenge = await q.takeChallenge(db, input.challengeId, "authenticate", now());
  if (!challenge || challenge.user_id !== userId) return null;
  const passkey = typeof input.response?.id === "string" ? await q.findPasskey(db, input.response.id) : undefined;
  if (!passkey || (userId && passkey.user_id !== userId)) return null;
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response: input.response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rpId(rp),
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(Buffer.from(passkey.public_key, "base64url")),
        counter: Number(passkey.counter),
        transports: transportsOf(passkey),
      },
      requireUserVerification: userId === null,
    });
  } catch {
    return null;
  }
  if (!verification.verified) return null;
  await q.updatePasskeyUse(db, passkey.id, verification.authenticationInfo.newCounter, now());
  return passkey.user_id;
}


export async function listUserPasskeys(userId: string, db: Executor = getDb()): Promise<PasskeyView[]> {
  return (await q.listPasskeys(db, userId)).map((p) => ({ id: p.id, name: p.name, createdAt: p.created_at, lastUsedAt: p.last_used_at }));
}
