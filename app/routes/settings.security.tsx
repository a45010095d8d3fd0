import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormAlert } from "../components/form";
import { SecondFactorSection } from "../components/security/second-factor-section";
import { t, type MessageId } from "../lib/i18n/messages";
import type { SecurityActionData } from "../lib/second-factor-types";
import { useT } from "../lib/i18n/react";
import { requireUser } from "../models/access.server";
import { SECOND_FACTOR_INTENTS } from "../models/security/second-factor-intents.server";
import { secondFactorSection } from "../models/security/second-factor.server";
import { secondFactorSetupRequired } from "../models/security/requirement.server";

// /settings/security: the account's security, one section per concern, each its own component in
// app/components/security/ and its own loader part and intents in app/models/security/. The loader
// composes the sections; the action dispatches on the form's `intent` to the section that owns it.
// A section's handler answers { ok: true, notice } (redirect back with ?notice=, or data when it has
// something to show once, like recovery codes) or { ok: false, status, field, error }.

export const meta: MetaFunction = () => [{ title: t("auth.pageTitle", { page: t("security.title") }) }];

const NOTICES = ["setupCancelled", "totpEnabled", "totpDisabled", "passkeyAdded", "passkeyRemoved", "codesRegenerated"] as const;
type Notice = (typeof NOTICES)[number];
const isNotice = (v: string | null): v is Notice => (NOTICES as readonly string[]).includes(v ?? "");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const params = new URL(request.url).searchParams;
  const notice = params.get("notice");
  return {
    notice: isNotice(notice) ? notice : null,
    isSiteAdmin: user.isSiteAdmin,
    setupRequired: await secondFactorSetupRequired(user),
    secondFactor: await secondFactorSection(user),
  };
}

/** Every section's intents, by name (a section adds its table here). */
const INTENTS = { ...SECOND_FACTOR_INTENTS };


export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const handler = Object.hasOwn(INTENTS, intent) ? INTENTS[intent as keyof typeof INTENTS] : undefined;
  if (!handler) return data<SecurityActionData>({ intent, field: "form", error: t("security.error.unknownIntent"), values: {} }, { status: 400 });
  const result = await handler(user, form);
  if (!result.ok) {
    // Passwords and codes are never sent back; names are.
    const values = { passkeyId: String(form.get("passkeyId") ?? "") };
    return data<SecurityActionData>({ intent, field: result.field, error: result.error, values }, { status: result.status });
  }
  if (result.notice === "setupStarted") return redirect("/settings/security#totp");
  if (result.recoveryCodes) return data<SecurityActionData>({ intent, notice: isNotice(result.notice) ? result.notice : null, recoveryCodes: result.recoveryCodes });
  return redirect(`/settings/security?notice=${result.notice}`);
}

export default function SecuritySettings() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const notice = answer && "notice" in answer ? answer.notice : loaded.notice;
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">{t("security.title")}</h1>
      <p className="mt-1 text-slate-600">{t("security.intro")}</p>
      {loaded.setupRequired ? (
        <div className="mt-4">
          <FormAlert tone="info" message={t("security.required")} />
        </div>
      ) : null}
      {notice ? (
        <div className="mt-4">
          <FormAlert tone="success" message={t(`security.notice.${notice}` as MessageId)} />
        </div>
      ) : null}
      <div className="mt-6 space-y-6">
        <SecondFactorSection data={loaded.secondFactor} answer={answer} />
      </div>
      {loaded.isSiteAdmin ? (
        <p className="mt-6 text-sm">
          <Link to="/admin/security">{t("security.admin.link")}</Link>
        </p>
      ) : null}
    </div>
  );
}
