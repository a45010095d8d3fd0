import type { ActionFunctionArgs } from "@remix-run/node";
import { t } from "../lib/i18n/messages";
import { requireUser } from "../models/access.server";
import { passkeyRegistrationOptions } from "../models/security/passkeys.server";
import { addPasskey } from "../models/security/second-factor.server";

// POST /settings/security/passkeys (JSON, from the page's bundled script): { intent: "options" }
// answers registration options and the stored challenge's id; { intent: "register", challengeId,
// response, name } checks the browser's answer and adds the passkey.

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
  const rp = { origin: context.appOrigin };
  if (body?.intent === "options") return json(await passkeyRegistrationOptions(user, rp));
  if (body?.intent === "register" && typeof body.challengeId === "string" && typeof body.name === "string" && body.response && typeof body.response === "object") {
    const result = await addPasskey(user.id, { challengeId: body.challengeId, name: body.name, response: body.response as never }, rp);
    return result.ok ? json({ ok: true }) : json({ ok: false, message: result.message }, 400);
  }
  return json({ ok: false, message: t("passkeys.error.failed") }, 400);
}

export async function loader() {
  return new Response(null, { status: 405, headers: { Allow: "POST" } });
}
