import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { CoalitionFields, EMPTY_COALITION_VALUES, coalitionValuesFromForm, type CoalitionFieldValues } from "../components/coalition-form";
import { Button, Card, FormAlert } from "../components/form";
import { coalitionSchema, fieldErrors, formToObject, type FieldErrors } from "../lib/validation";
import { refusalFieldErrors } from "../lib/http.server";
import { guardStorage, STORAGE_UNAVAILABLE_INIT, storageUnavailableMessage } from "../lib/storage-errors";
import { requireSiteAdmin } from "../models/access.server";
import { createCoalition } from "../models/coalition-admin.server";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";

export const meta: MetaFunction = () => [{ title: t("admin.newCoalition.metaTitle") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireSiteAdmin(context, request);
  return null;
}

type ActionData = { fieldErrors: FieldErrors; formError?: string; values: CoalitionFieldValues };

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireSiteAdmin(context, request);
  const form = await request.formData();
  const values = coalitionValuesFromForm(form);
  const parsed = coalitionSchema.safeParse(formToObject(form, ["open_roles"]));
  if (!parsed.success) return data<ActionData>({ fieldErrors: fieldErrors(parsed.error), values }, { status: 400 });
  const attempt = await guardStorage(() => createCoalition(actor, parsed.data));
  if (!attempt.stored) return data<ActionData>({ fieldErrors: {}, formError: storageUnavailableMessage(), values }, STORAGE_UNAVAILABLE_INIT);
  const result = attempt.value;
  if (!result.ok) return data<ActionData>({ fieldErrors: refusalFieldErrors(result), values }, { status: result.status });
  return redirect(`/coalitions/${result.slug}`);
}

export default function NewCoalition() {
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const errors = actionData?.fieldErrors ?? {};
  return (
    <div className="mx-auto max-w-3xl">
      <p className="text-sm text-slate-500">
        <Link to="/">{t("header.coalitions")}</Link> <span aria-hidden="true">/</span>
      </p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight sm:text-3xl">{t("directory.newCoalition")}</h1>
      <p className="mt-1 text-slate-600">
        {t("admin.newCoalition.intro")}
      </p>
      <Card className="mt-6">
        <Form method="post" noValidate className="space-y-5">
          {actionData?.formError ? <FormAlert message={actionData.formError} /> : null}
          {Object.keys(errors).length ? <FormAlert message={t("admin.newCoalition.notCreated")} /> : null}
          <CoalitionFields values={actionData?.values ?? EMPTY_COALITION_VALUES} errors={errors} />
          <div className="flex flex-col-reverse gap-3 border-t border-slate-100 pt-5 sm:flex-row sm:justify-end">
            <Link to="/" className="inline-flex items-center justify-center rounded-md px-4 py-2 text-sm font-semibold text-slate-700">
              {t("admin.newCoalition.cancel")}
            </Link>
            <Button type="submit" disabled={busy}>
              {busy ? t("admin.newCoalition.creating") : t("admin.newCoalition.create")}
            </Button>
          </div>
        </Form>
      </Card>
    </div>
  );
}
