import { data, type ActionFunctionArgs, type HeadersFunction, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { AuthCard } from "../components/auth-card";
import { Button, FormAlert, TextField } from "../components/form";
import { fieldErrors, type FieldErrors } from "../lib/validation";
import { forgotSchema, requestPasswordReset } from "../models/password-reset.server";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";

export const meta: MetaFunction = () => [{ title: t("auth.pageTitle", { page: t("password.forgot.pageTitle") }) }];

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

type ActionData = { sent?: boolean; formError?: string; fieldErrors?: FieldErrors; values: { email: string } };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const values = { email: String(form.get("email") ?? "") };
  const parsed = forgotSchema.safeParse(values);
  if (!parsed.success) return data<ActionData>({ fieldErrors: fieldErrors(parsed.error), values }, { status: 400 });
  const result = await requestPasswordReset({ email: parsed.data.email, address: context.clientAddress });
  if (!result.ok) return data<ActionData>({ formError: result.message, values }, { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } });
  return data<ActionData>({ sent: true, values });
}

export default function ForgotPassword() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <AuthCard title={t("password.forgot.title")} subtitle={t("password.forgot.intro")}>
      {actionData?.sent ? (
        <FormAlert tone="success" message={t("password.reset.sent")} />
      ) : (
        <Form method="post" className="space-y-4" noValidate>
          <FormAlert message={actionData?.formError} />
          <TextField label={t("auth.field.email")} name="email" type="email" autoComplete="email" dir="ltr" defaultValue={actionData?.values.email} error={actionData?.fieldErrors?.email} required />
          <Button type="submit" className="w-full" disabled={busy}>
            {busy ? t("password.forgot.sending") : t("password.forgot.submit")}
          </Button>
        </Form>
      )}
      <p className="mt-6 text-sm">
        <Link to="/login">{t("password.forgot.back")}</Link>
      </p>
    </AuthCard>
  );
}
