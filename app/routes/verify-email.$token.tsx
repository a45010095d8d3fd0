import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthCard } from "../components/auth-card";
import { Button, FormAlert } from "../components/form";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { safeRedirectTarget } from "../lib/redirect-target";
import { confirmEmail, verificationLink } from "../models/email-verification.server";

// The link of an address verification mail (issue 22). Opening it only shows a button: the POST
// confirms, so a mail scanner that fetches links does not use it up.
export const meta: MetaFunction = () => [{ title: t("auth.pageTitle", { page: t("verify.page.title") }) }, { name: "robots", content: "noindex" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const link = await verificationLink(params.token ?? "");
  return data(link.ok ? { valid: true as const, email: link.email } : { valid: false as const, email: null }, { status: link.ok ? 200 : 410, headers: { "Cache-Control": "no-store" } });
}

export async function action({ params, request }: ActionFunctionArgs) {
  const result = await confirmEmail(params.token ?? "");
  if (!result.ok) return data({ message: result.message }, { status: result.status });
  if (result.purpose === "change") return redirect("/settings/profile?saved=emailChanged");
  return redirect(safeRedirectTarget(new URL(request.url).searchParams.get("redirectTo")), { headers: { "Set-Cookie": result.setCookie } });
}

export default function VerifyEmail() {
  const t = useT();
  const link = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  if (!link.valid || actionData?.message) {
    return (
      <AuthCard title={t("verify.page.title")}>
        <FormAlert message={actionData?.message ?? t("verify.page.invalid")} />
        <p className="mt-6 text-sm">
          <Link to="/login">{t("login.title")}</Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("verify.page.title")}>
      <Form method="post" className="space-y-4">
        <p className="text-sm text-slate-700">
          {t("verify.page.body", { email: link.email })}
        </p>
        <Button type="submit" className="w-full" disabled={busy}>
          {t("verify.page.submit")}
        </Button>
      </Form>
    </AuthCard>
  );
}
