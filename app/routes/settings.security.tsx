import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormAlert } from "../components/form";
import { DeleteAccountSection } from "../components/security/delete-account-section";
import { SessionsSection } from "../components/security/sessions-section";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import type { FieldErrors } from "../lib/validation";
import { requireUser } from "../models/access.server";
import { deletionState, requestDeletion } from "../models/account-deletion.server";
import { listSessions, signOutOtherSessions, signOutSession } from "../models/account-sessions.server";
import { lucia } from "../models/auth.server";

// /settings/security (issue 27): the loader composes the page's sections, the action dispatches on
// `intent`. Sessions (sign out one, or all others) and leaving for good live here.

export const meta: MetaFunction = () => [{ title: t("auth.pageTitle", { page: t("sessions.pageTitle") }) }];

const NOTICES = { "signed-out": "sessions.notice.signedOut", "signed-out-others": "sessions.notice.signedOutOthers", "deletion-cancelled": "deletion.notice.cancelled" } as const;
type Notice = keyof typeof NOTICES;
const isNotice = (v: string | null): v is Notice => v !== null && Object.hasOwn(NOTICES, v);

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const notice = new URL(request.url).searchParams.get("notice");
  const [sessions, deletion] = await Promise.all([listSessions(user.id, context.session?.id ?? null), deletionState(user.id)]);
  return { sessions, deletion: { dueAt: deletion.dueAt, lastCoordinatorOf: deletion.lastCoordinatorOf }, notice: isNotice(notice) ? notice : null };
}

type ActionData =
  | { intent: "sign-out-session"; formError: string }
  | { intent: "delete-account"; fieldErrors: FieldErrors; formError: string | null; values: { erase_text: boolean; confirm: boolean } };

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const form = await request.formData();
  const intent = form.get("intent");

  if (intent === "sign-out-session") {
    const ok = await signOutSession(user.id, String(form.get("session") ?? ""));
    if (!ok) return data<ActionData>({ intent, formError: t("sessions.error.notFound") }, { status: 404 });
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
        ? data<ActionData>({ intent, fieldErrors: {}, formError: result.message, values }, { status: 409 })
        : data<ActionData>({ intent, fieldErrors: result.fieldErrors, formError: t("validation.correctFields"), values }, { status: 400 });
    }
    // Every session (this one too) has ended: the browser's cookie goes, and the sign-in page says what happens next.
    return redirect("/login?notice=deletion-scheduled", { headers: { "Set-Cookie": lucia().createBlankSessionCookie().serialize() } });
  }
  throw new Response(t("sessions.error.unknownIntent"), { status: 400 });
}

export default function SecuritySettings() {
  const t = useT();
  const { sessions, deletion, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const deleteData = actionData?.intent === "delete-account" ? actionData : null;
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">{t("sessions.pageTitle")}</h1>
      {notice && !actionData ? (
        <div className="mt-4" data-testid="security-notice">
          <FormAlert tone="success" message={t(NOTICES[notice])} />
        </div>
      ) : null}
      {actionData?.intent === "sign-out-session" ? (
        <div className="mt-4">
          <FormAlert message={actionData.formError} />
        </div>
      ) : null}
      <SessionsSection sessions={sessions} busy={busy} />
      <DeleteAccountSection
        state={deletion}
        errors={deleteData?.fieldErrors ?? {}}
        formError={deleteData?.formError ?? null}
        values={deleteData?.values ?? { erase_text: false, confirm: false }}
        busy={busy}
      />
    </div>
  );
}
