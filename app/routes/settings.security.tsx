import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormAlert } from "../components/form";
import { DeleteAccountSection } from "../components/security/delete-account-section";
import { SecondFactorSection } from "../components/security/second-factor-section";
import { SessionsSection } from "../components/security/sessions-section";
import { t, type MessageId } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import type { SecurityActionData } from "../lib/second-factor-types";
import type { FieldErrors } from "../lib/validation";
import { requireUser } from "../models/access.server";
import { deletionState, requestDeletion } from "../models/account-deletion.server";
import { listSessions, signOutOtherSessions, signOutSession } from "../models/account-sessions.server";
import { lucia } from "../models/auth.server";
import { SECOND_FACTOR_INTENTS } from "../models/security/second-factor-intents.server";
import { secondFactorSection } from "../models/security/second-factor.server";
import { secondFactorSetupRequired } from "../models/security/requirement.server";

// /settings/security (issue 27): the account's security, one section per concern, each its own
// component in app/components/security/: second factors (passkeys, TOTP, recovery codes), sessions
// (sign out one, or all others) and leaving for good. The loader composes the sections; the action
// dispatches on the form's `intent` to the section that owns it. A second-factor handler answers
// { ok: true, notice } (redirect back with ?notice=, or data when it has something to show once,
// like recovery codes) or { ok: false, status, field, error }.

export const meta: MetaFunction = () => [{ title: t("auth.pageTitle", { page: t("security.title") }) }];

const NOTICES = {
  setupCancelled: "security.notice.setupCancelled",
  totpEnabled: "security.notice.totpEnabled",
  totpDisabled: "security.notice.totpDisabled",
  passkeyAdded: "security.notice.passkeyAdded",
  passkeyRemoved: "security.notice.passkeyRemoved",
  codesRegenerated: "security.notice.codesRegenerated",
  "signed-out": "sessions.notice.signedOut",
  "signed-out-others": "sessions.notice.signedOutOthers",
  "deletion-cancelled": "deletion.notice.cancelled",
} as const satisfies Record<string, MessageId>;
type Notice = keyof typeof NOTICES;
const isNotice = (v: string | null | undefined): v is Notice => typeof v === "string" && Object.hasOwn(NOTICES, v);

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const notice = new URL(request.url).searchParams.get("notice");
  const [sessions, deletion, setupRequired, secondFactor] = await Promise.all([
    listSessions(user.id, context.session?.id ?? null),
    deletionState(user.id),
    secondFactorSetupRequired(user),
    secondFactorSection(user),
  ]);
  return {
    notice: isNotice(notice) ? notice : null,
    isSiteAdmin: user.isSiteAdmin,
    setupRequired,
    secondFactor,
    sessions,
    deletion: { dueAt: deletion.dueAt, lastCoordinatorOf: deletion.lastCoordinatorOf },
  };
}

/** Every second-factor intent, by name. */
const INTENTS = { ...SECOND_FACTOR_INTENTS };

type AccountActionData =
  | { intent: "sign-out-session"; formError: string }
  | { intent: "delete-account"; fieldErrors: FieldErrors; formError: string | null; values: { erase_text: boolean; confirm: boolean } };

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");

  // Sessions and leaving for good.
  if (intent === "sign-out-session") {
    const ok = await signOutSession(user.id, String(form.get("session") ?? ""));
    if (!ok) return data<AccountActionData>({ intent, formError: t("sessions.error.notFound") }, { status: 404 });
    return redirect("/settings/security?notice=signed-out");
  }
  if (intent === "sign-out-others") {
    await signOutOtherSessions(user.id, context.session!.id);
    return redirect("/settings/security?notice=signed-out-others");
  }
  if (intent === "delete-account") {
    const values = { erase_text: form.get("erase_text") === "on", confirm: form.get("confirm") === "on" };
    const result = await requestDeletion(user.id, { password: String(form.get("password") ?? ""), eraseText: values.erase_text, confirm: values.confirm });
    if (!result.ok) {
      return result.status === 409
        ? data<AccountActionData>({ intent, fieldErrors: {}, formError: result.message, values }, { status: 409 })
        : data<AccountActionData>({ intent, fieldErrors: result.fieldErrors, formError: t("validation.correctFields"), values }, { status: 400 });
    }
    // Every session (this one too) has ended: the browser's cookie goes, and the sign-in page says what happens next.
    return redirect("/login?notice=deletion-scheduled", { headers: { "Set-Cookie": lucia().createBlankSessionCookie().serialize() } });
  }

  // Second factors.
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
  const busy = useNavigation().state === "submitting";
  const accountAnswer = answer && "intent" in answer && (answer.intent === "sign-out-session" || answer.intent === "delete-account") ? (answer as AccountActionData) : null;
  const factorAnswer = accountAnswer ? undefined : (answer as SecurityActionData | undefined);
  const deleteData = accountAnswer?.intent === "delete-account" ? accountAnswer : null;
  const answered = factorAnswer && "notice" in factorAnswer ? factorAnswer.notice : null;
  const notice = answered ?? (answer ? null : loaded.notice);
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">{t("security.title")}</h1>
      <p className="mt-1 text-slate-600">{t("security.intro")}</p>
      {loaded.setupRequired ? (
        <div className="mt-4">
          <FormAlert tone="info" message={t("security.required")} />
        </div>
      ) : null}
      {notice && isNotice(notice) ? (
        <div className="mt-4" data-testid="security-notice">
          <FormAlert tone="success" message={t(NOTICES[notice])} />
        </div>
      ) : null}
      {accountAnswer?.intent === "sign-out-session" ? (
        <div className="mt-4">
          <FormAlert message={accountAnswer.formError} />
        </div>
      ) : null}
      <div className="mt-6 space-y-6">
        <SecondFactorSection data={loaded.secondFactor} answer={factorAnswer} />
      </div>
      <SessionsSection sessions={loaded.sessions} busy={busy} />
      <DeleteAccountSection
        state={loaded.deletion}
        errors={deleteData?.fieldErrors ?? {}}
        formError={deleteData?.formError ?? null}
        values={deleteData?.values ?? { erase_text: false, confirm: false }}
        busy={busy}
      />
      {loaded.isSiteAdmin ? (
        <p className="mt-6 text-sm">
          <Link to="/admin/security">{t("security.admin.link")}</Link>
        </p>
      ) : null}
    </div>
  );
}
