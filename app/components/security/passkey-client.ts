import { browserSupportsWebAuthn, startAuthentication, startRegistration } from "@simplewebauthn/browser";

// The browser's half of the passkey ceremonies (bundled, so the page's CSP needs no inline script):
// ask the server for options, let the browser's authenticator answer, send the answer back.

export type PasskeyOutcome = { ok: true; redirectTo?: string } | { ok: false; reason: "unsupported" | "cancelled" | "server"; message?: string };

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(body), credentials: "same-origin" });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: res.status, json };
}

function refused(json: Record<string, unknown>): PasskeyOutcome {
  return { ok: false, reason: "server", message: typeof json.message === "string" ? json.message : undefined };
}

/** The person closed the browser's dialog, or the authenticator refused: nothing was sent. */
function browserFailure(error: unknown): PasskeyOutcome {
  console.warn("passkey ceremony ended", error);
  return { ok: false, reason: "cancelled" };
}

/** Signs in with a passkey: `mode` "passwordless" from /login, "second" from the second step. */
export async function signInWithPasskey(mode: "passwordless" | "second", redirectTo: string): Promise<PasskeyOutcome> {
  if (!browserSupportsWebAuthn()) return { ok: false, reason: "unsupported" };
  const first = await post("/login/passkey", { intent: "options", mode });
  if (first.status !== 200) return refused(first.json);
  let response;
  try {
    response = await startAuthentication({ optionsJSON: first.json.options as Parameters<typeof startAuthentication>[0]["optionsJSON"] });
  } catch (error) {
    return browserFailure(error);
  }
  const second = await post("/login/passkey", { intent: "verify", mode, challengeId: first.json.challengeId, response, redirectTo });
  if (second.status !== 200) return refused(second.json);
  return { ok: true, redirectTo: typeof second.json.redirectTo === "string" ? second.json.redirectTo : "/" };
}

/** Adds a passkey to the signed-in account under a name. */
export async function addPasskey(name: string): Promise<PasskeyOutcome> {
  if (!browserSupportsWebAuthn()) return { ok: false, reason: "unsupported" };
  const first = await post("/settings/security/passkeys", { intent: "options" });
  if (first.status !== 200) return refused(first.json);
  let response;
  try {
    response = await startRegistration({ optionsJSON: first.json.options as Parameters<typeof startRegistration>[0]["optionsJSON"] });
  } catch (error) {
    return browserFailure(error);
  }
  const second = await post("/settings/security/passkeys", { intent: "register", challengeId: first.json.challengeId, response, name });
  if (second.status !== 200) return refused(second.json);
  return { ok: true };
}
