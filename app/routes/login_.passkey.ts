import type { ActionFunctionArgs } from "@remix-run/node";
import { t } from "../lib/i18n/messages";
import { safeRedirectTarget } from "../lib/redirect-target";
import { passkeyAuthenticationOptions } from "../models/security/passkeys.server";
import { pendingLogin } from "../models/security/pending-login.server";
import { completeWithPasskey, signInWithPasskey } from "../models/security/second-step.server";

// POST /login/passkey (JSON, from the log-in pages' bundled script). `mode` "passwordless": any
// discoverable passkey of this site signs its owner in; "second": the second step of a pending
// login (its cookie), with a passkey of that user. { intent: "options" } answers the options and
// the stored challenge's id; { intent: "verify", challengeId, response } signs in.

const json = (body: unknown, status = 200, headers: [string, string][] = []) =>
  Response.json(body, { status, headers: [["Cache-Control", "no-store"], ...headers] });

export async function action({ context, request }: ActionFunctionArgs) {
  const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
  const rp = { origin: context.appOrigin };
  const mode = body?.mode === "second" ? "second" : "passwordless";
  const cookie = request.headers.get("Cookie");
  if (body?.intent === "options") {
    if (mode === "passwordless") return json(await passkeyAuthenticationOptions(null, rp));
    const pending = await pendingLogin(cookie);
    if (!pending) return json({ ok: false, message: t("twofactor.error.expired") }, 401);
    return json(await passkeyAuthenticationOptions(pending.userId, rp));
  }
  if (body?.intent === "verify" && typeof body.challengeId === "string" && body.response && typeof body.response === "object") {
    const input = { challengeId: body.challengeId, response: body.response as never, address: context.clientAddress };
    const result = mode === "second" ? await completeWithPasskey(cookie, input, rp) : await signInWithPasskey(input, rp);
    if (!result.ok) {
      const retry: [string, string][] = result.retryAfterSeconds ? [["Retry-After", String(result.retryAfterSeconds)]] : [];
      return json({ ok: false, message: result.message }, result.status, retry);
    }
    return json({ ok: true, redirectTo: safeRedirectTarget(body.redirectTo) }, 200, result.setCookies.map((c) => ["Set-Cookie", c] as [string, string]));
  }
  return json({ ok: false, message: t("passkeys.error.failed") }, 400);
}

export async function loader() {
  return new Response(null, { status: 405, headers: { Allow: "POST" } });
}
