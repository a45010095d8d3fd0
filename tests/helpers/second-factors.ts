import { Secret, TOTP } from "otpauth";
import { expect } from "vitest";
import type { TestClient } from "./http";

/** The code an authenticator app shows for a secret at a time (now by default). */
export function totpCode(secret: string, timestamp = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret.replace(/\s+/g, "")), algorithm: "SHA1", digits: 6, period: 30 }).generate({ timestamp });
}

const decode = (s: string) => s.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");

/** Sets up TOTP through /settings/security as the signed-in client: its secret and the ten recovery codes shown once. */
export async function enableTotpOverHttp(client: TestClient, at = Date.now()): Promise<{ secret: string; recoveryCodes: string[] }> {
  expect((await client.post("/settings/security", { intent: "totp-begin" })).status).toBe(302);
  const page = await (await client.get("/settings/security?setup=totp")).text();
  const secret = decode(/data-testid="totp-secret"[^>]*>([^<]+)</.exec(page)?.[1] ?? "").replace(/\s+/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const res = await client.post("/settings/security", { intent: "totp-enable", code: totpCode(secret, at) });
  expect(res.status).toBe(200);
  const html = await res.text();
  const recoveryCodes = [...html.matchAll(/>([a-z2-9]{5}-[a-z2-9]{5})</g)].map((m) => m[1]);
  expect(recoveryCodes).toHaveLength(10);
  return { secret, recoveryCodes };
}
