import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthCard } from "../components/auth-card";
import { Button, FormAlert, TextField } from "../components/form";
import { useState } from "react";
import { HANDLE_HINT_VALUES, suggestHandle } from "../lib/handles";
import { t } from "../lib/i18n/messages";
import { FormattedMessage, useT } from "../lib/i18n/react";
import { safeRedirectTarget } from "../lib/redirect-target";
import { fieldErrors, signupSchema, type FieldErrors } from "../lib/validation";
import { signup } from "../models/auth.server";

export const meta: MetaFunction = () => [{ title: t("auth.pageTitle", { page: t("signup.submit") }) }];

// A document POST only sends the action's headers that a route's `headers` export passes on.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.user) throw redirect(safeRedirectTarget(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

type ActionData = { fieldErrors: FieldErrors; formError?: string; values: { name: string; email: string; handle: string } };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const values = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? ""), handle: String(form.get("handle") ?? "") };
  const parsed = signupSchema.safeParse({ name: form.get("name"), email: form.get("email"), password: form.get("password"), handle: form.get("handle") ?? undefined });
  if (!parsed.success) return data<ActionData>({ fieldErrors: fieldErrors(parsed.error), values }, { status: 400 });
  const result = await signup({ ...parsed.data, address: context.clientAddress, redirectTo: safeRedirectTarget(form.get("redirectTo"), "") });
  if (!result.ok && result.status === 429) {
    return data<ActionData>({ fieldErrors: {}, formError: result.message, values }, { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } });
  }
  if (!result.ok) return data<ActionData>({ fieldErrors: result.fieldErrors, values }, { status: 400 });
  // The same answer whether or not the address already has an account (issue 22): no session yet.
  return redirect("/signup/check-inbox");
}

export default function Signup() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.fieldErrors ?? {};
  const redirectTo = params.get("redirectTo") ?? "";
  const loginHref = `/login${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`;
  // The handle follows the name (as a suggestion) until the person edits it.
  const [name, setName] = useState(actionData?.values.name ?? "");
  const [handle, setHandle] = useState<string | null>(actionData?.values.handle || null);
  return (
    <AuthCard
      title={t("signup.title")}
      subtitle={<FormattedMessage id="signup.haveAccount" values={{ link: (chunks) => <Link to={loginHref}>{chunks}</Link> }} />}
    >
      <Form method="post" className="space-y-4" noValidate>
        {actionData?.formError ? <FormAlert message={actionData.formError} /> : Object.keys(errors).length ? <FormAlert message={t("validation.correctFields")} /> : null}
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField label={t("auth.field.name")} name="name" dir="auto" autoComplete="name" defaultValue={actionData?.values.name} error={errors.name} required onInput={(e) => setName(e.currentTarget.value)} />
        <TextField
          label={t("auth.field.handle")}
          name="handle"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={handle ?? (name ? suggestHandle(name) : "")}
          onChange={(e) => setHandle(e.currentTarget.value)}
          error={errors.handle}
          hint={t("auth.handleHint", HANDLE_HINT_VALUES)}
        />
        <TextField label={t("auth.field.email")} name="email" type="email" autoComplete="email" dir="ltr" defaultValue={actionData?.values.email} error={errors.email} required />
        <TextField
          label={t("auth.field.password")}
          name="password"
          type="password"
          autoComplete="new-password"
          error={errors.password}
          hint={t("auth.passwordHint", { min: 8, max: 256 })}
          required
        />
        <Button type="submit" className="w-full" disabled={busy}>
          {busy ? t("signup.submitting") : t("signup.submit")}
        </Button>
      </Form>
    </AuthCard>
  );
}
