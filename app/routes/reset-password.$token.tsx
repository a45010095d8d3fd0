import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthCard } from "../components/auth-card";
import { Button, FormAlert, TextField } from "../components/form";
import { resetLinkValid, resetPassword } from "../models/password-reset.server";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";

export const meta: MetaFunction = () => [{ title: t("auth.pageTitle", { page: t("password.reset.title") }) }, { name: "robots", content: "noindex" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const valid = await resetLinkValid(params.token ?? "");
  return data({ valid }, { status: valid ? 200 : 410, headers: { "Cache-Control": "no-store" } });
}

export async function action({ params, request }: ActionFunctionArgs) {
  const form = await request.formData();
  // Passwords are never sent back to the page, not even on error.
  const result = await resetPassword(params.token ?? "", { password: form.get("password"), confirm_password: form.get("confirm_password") });
  if (result.ok) return redirect("/", { headers: { "Set-Cookie": result.setCookie } });
  return data({ fieldErrors: result.fieldErrors, message: result.message ?? null }, { status: result.status });
}

export default function ResetPassword() {
  const t = useT();
  const { valid } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  if (!valid || actionData?.message) {
    return (
      <AuthCard title={t("password.reset.title")}>
        <FormAlert message={actionData?.message ?? t("password.reset.invalid")} />
        <p className="mt-6 text-sm">
          <Link to="/forgot-password">{t("password.reset.askNew")}</Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("password.reset.title")} subtitle={t("password.reset.intro", { min: 8 })}>
      <Form method="post" className="space-y-4" noValidate>
        {Object.keys(errors).length ? <FormAlert message={t("password.notChanged")} /> : null}
        <TextField label={t("password.field.new")} name="password" type="password" autoComplete="new-password" error={errors.password} required />
        <TextField label={t("password.field.again")} name="confirm_password" type="password" autoComplete="new-password" error={errors.confirm_password} required />
        <Button type="submit" className="w-full" disabled={busy}>
          {busy ? t("password.saving") : t("password.reset.submit")}
        </Button>
      </Form>
    </AuthCard>
  );
}
