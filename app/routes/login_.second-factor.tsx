import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthCard } from "../components/auth-card";
import { Button, FormAlert, TextField } from "../components/form";
import { PasskeySignIn } from "../components/security/passkey-sign-in";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { safeRedirectTarget } from "../lib/redirect-target";
import { clearPendingCookie, pendingLogin } from "../models/security/pending-login.server";
import { completeWithCode } from "../models/security/second-step.server";

// /login/second-factor: the password was right, the account has a second factor. A passkey, a
// code from the authenticator app or a recovery code finishes signing in (see second-step.server.ts).

export const meta: MetaFunction = () => [{ title: t("auth.pageTitle", { page: t("twofactor.step.title") }) }];

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

const backToLogin = (request: Request) => {
  const to = new URL(request.url).searchParams.get("redirectTo");
  return redirect(`/login${to ? `?redirectTo=${encodeURIComponent(safeRedirectTarget(to))}` : ""}`, { headers: { "Set-Cookie": clearPendingCookie() } });
};

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.user) throw redirect(safeRedirectTarget(new URL(request.url).searchParams.get("redirectTo")));
  const pending = await pendingLogin(request.headers.get("Cookie"));
  if (!pending) throw backToLogin(request);
  return { methods: pending.methods, redirectTo: safeRedirectTarget(new URL(request.url).searchParams.get("redirectTo"), "") };
}

type ActionData = { method: "totp" | "recovery"; error: string };

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const method = form.get("method") === "recovery" ? "recovery" : "totp";
  const result = await completeWithCode(request.headers.get("Cookie"), { method, code: String(form.get("code") ?? ""), address: context.clientAddress });
  if (result.ok) {
    const headers = new Headers(result.setCookies.map((c) => ["Set-Cookie", c] as [string, string]));
    return redirect(safeRedirectTarget(form.get("redirectTo")), { headers });
  }
  if (result.expired) return backToLogin(request);
  const headers: Record<string, string> = result.retryAfterSeconds ? { "Retry-After": String(result.retryAfterSeconds) } : {};
  return data<ActionData>({ method, error: result.message }, { status: result.status, headers });
}

export default function SecondFactorStep() {
  const t = useT();
  const { methods, redirectTo } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errorOf = (m: "totp" | "recovery") => (answer?.method === m ? answer.error : undefined);
  return (
    <AuthCard title={t("twofactor.step.title")} subtitle={t("twofactor.step.intro")}>
      <div className="space-y-6">
        {methods.passkey ? <PasskeySignIn mode="second" redirectTo={redirectTo || "/"} label={t("passkeys.signIn.second")} /> : null}
        {methods.totp ? (
          <Form method="post" className="space-y-4" noValidate>
            <FormAlert message={errorOf("totp")} />
            <input type="hidden" name="method" value="totp" />
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <TextField
              label={t("twofactor.field.code")}
              name="code"
              id="second-step-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              dir="ltr"
              autoFocus
              required
            />
            <Button type="submit" className="w-full" disabled={busy}>
              {t("twofactor.step.submit")}
            </Button>
          </Form>
        ) : null}
        <details open={answer?.method === "recovery" || (!methods.totp && !methods.passkey)}>
          <summary className="cursor-pointer text-sm font-medium text-brand-700">{t("twofactor.step.useRecovery")}</summary>
          <Form method="post" className="mt-3 space-y-4" noValidate>
            <FormAlert message={errorOf("recovery")} />
            <input type="hidden" name="method" value="recovery" />
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <TextField label={t("twofactor.field.recovery")} name="code" id="second-step-recovery" autoComplete="off" dir="ltr" required />
            <Button type="submit" variant="secondary" className="w-full" disabled={busy}>
              {t("twofactor.step.submitRecovery")}
            </Button>
          </Form>
        </details>
      </div>
    </AuthCard>
  );
}
