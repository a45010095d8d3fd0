import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Button, Card, FormAlert } from "../components/form";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { requireSiteAdmin } from "../models/access.server";
import { secondFactorRequirementOn, setSecondFactorRequirement } from "../models/security/requirement.server";

// /admin/security: the site administrator's security rules (issue 27): whether coordinators and
// site administrators must have a second factor.

export const meta: MetaFunction = () => [{ title: t("auth.pageTitle", { page: t("security.admin.title") }) }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireSiteAdmin(context, request);
  return { required: await secondFactorRequirementOn(), saved: new URL(request.url).searchParams.get("saved") === "1" };
}

export async function action({ context, request }: ActionFunctionArgs) {
  requireSiteAdmin(context, request);
  const form = await request.formData();
  await setSecondFactorRequirement(form.get("require_second_factor") === "on");
  return redirect("/admin/security?saved=1");
}

export default function AdminSecurity() {
  const t = useT();
  const { required, saved } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">{t("security.admin.title")}</h1>
      <p className="mt-1 text-slate-600">{t("security.admin.intro")}</p>
      {saved ? (
        <div className="mt-4">
          <FormAlert tone="success" message={t("security.admin.saved")} />
        </div>
      ) : null}
      <Card className="mt-6">
        <Form method="post" className="space-y-4">
          <div className="flex items-start gap-3">
            <input
              id="require-second-factor"
              name="require_second_factor"
              type="checkbox"
              defaultChecked={required}
              aria-describedby="require-second-factor-hint"
              className="mt-1 h-4 w-4 rounded border-slate-500"
            />
            <div>
              <label htmlFor="require-second-factor" className="font-medium text-slate-800">
                {t("security.admin.require")}
              </label>
              <p id="require-second-factor-hint" className="mt-1 text-sm text-slate-600">
                {t("security.admin.requireHint")}
              </p>
            </div>
          </div>
          <Button type="submit">{t("security.admin.save")}</Button>
        </Form>
      </Card>
    </div>
  );
}
