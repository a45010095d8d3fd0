import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthCard } from "../components/auth-card";
import { Button, FormAlert, TextField } from "../components/form";
import { PasskeySignIn } from "../components/security/passkey-sign-in";
import { t } from "../lib/i18n/messages";
import { FormattedMessage, useT } from "../lib/i18n/react";
import { safeRedirectTarget } from "../lib/redirect-target";
import { loginSchema } from "../lib/validation";
import { genericLoginError, login } from "../models/auth.server";

export const meta: MetaFunction = () => [{ title: t("auth.pageTitle", { page: t("login.title") }) }];

// A document POST only sends the action's headers that a route's `headers` export passes on.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.user) throw redirect(safeRedirectTarget(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

type ActionData = { formError: string; values: { email: string } };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const values = { email: String(form.get("email") ?? "") };
  const parsed = loginSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return data<ActionData>({ formError: genericLoginError(), values }, { status: 400 });
  const result = await login({ ...parsed.data, address: context.clientAddress, cookieHeader: request.headers.get("Cookie") });
  if (result.ok === "second-step") {
    const to = safeRedirectTarget(form.get("redirectTo"), "");
    return redirect(`/login/second-factor${to ? `?redirectTo=${encodeURIComponent(to)}` : ""}`, { headers: { "Set-Cookie": result.pendingCookie } });
  }
  if (result.ok) {
    const headers = new Headers([["Set-Cookie", result.setCookie], ["Set-Cookie", result.deviceCookie]]);
    return redirect(result.deletionCancelled ? "/settings/security?notice=deletion-cancelled" : safeRedirectTarget(form.get("redirectTo")), { headers });
  }
  if (result.status === 429) {
    return data<ActionData>({ formError: result.message, values }, { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } });
  }
  return data<ActionData>({ formError: result.message, values }, { status: 400 });
}

export default function Login() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const redirectTo = params.get("redirectTo") ?? "";
  const signupHref = `/signup${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`;
  return (
    <AuthCard
      title={t("login.title")}
      subtitle={<FormattedMessage id="login.newHere" values={{ link: (chunks) => <Link to={signupHref}>{chunks}</Link> }} />}
    >
      <Form method="post" className="space-y-4" noValidate>
        {params.get("notice") === "deletion-scheduled" && !actionData ? <FormAlert tone="info" message={t("deletion.notice.scheduled")} /> : null}
        <FormAlert message={actionData?.formError} />
        {actionData?.formError ? <p className="text-sm text-slate-600">{t("signup.verify.loginHint")}</p> : null}
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField label={t("auth.field.email")} name="email" type="email" autoComplete="email" dir="ltr" defaultValue={actionData?.values.email} required />
        <TextField label={t("auth.field.password")} name="password" type="password" autoComplete="current-password" required />
        <Button type="submit" className="w-full" disabled={busy}>
          {busy ? t("login.submitting") : t("login.submit")}
        </Button>
      </Form>
      <div className="mt-4 border-t border-slate-100 pt-4">
        <PasskeySignIn mode="passwordless" redirectTo={safeRedirectTarget(redirectTo)} label={t("passkeys.signIn.passwordless")} />
      </div>
      <p className="mt-4 text-sm">
        <Link to="/forgot-password">{t("login.forgot")}</Link>
      </p>
    </AuthCard>
  );
}
