import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CoalitionFields, coalitionValuesFromForm, type CoalitionFieldValues } from "../components/coalition-form";
import { Button, Card, FormAlert } from "../components/form";
import { badRequest, refusalFieldErrors } from "../lib/http.server";
import { coalitionSchema, fieldErrors, formToObject, type FieldErrors } from "../lib/validation";
import { requireCoalitionAccess } from "../models/access.server";
import {
  coalitionFormValues,
  requireCoalitionSettingsAccess,
  setCoalitionArchived,
  updateCoalitionSettings,
} from "../models/coalition-admin.server";
import { t, type MessageId } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";

export const meta: MetaFunction = () => [{ title: t("coalition.settings.metaTitle") }];

const NOTICES = {
  saved: "coalition.settings.saved",
  archived: "coalition.settings.archivedNotice",
  unarchived: "coalition.settings.unarchivedNotice",
} as const satisfies Record<string, MessageId>;
type Notice = keyof typeof NOTICES;

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionSettingsAccess(context, request, params.slug);
  const notice = new URL(request.url).searchParams.get("saved");
  return {
    values: coalitionFormValues(access.coalition),
    archived: Boolean(access.coalition.archived_at),
    canEdit: access.abilities["coalition:edit"],
    canArchive: access.abilities["coalition:archive"],
    notice: notice && notice in NOTICES ? (notice as Notice) : null,
  };
}

type ActionData = { fieldErrors: FieldErrors; values: CoalitionFieldValues };

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "archive" || intent === "unarchive") {
    const access = await requireCoalitionAccess(context, request, params.slug, "coalition:archive");
    await setCoalitionArchived(access.user!, access.coalition, intent === "archive");
    return redirect(`/coalitions/${access.coalition.slug}/settings?saved=${intent}d`);
  }
  if (intent !== "save") throw badRequest(t("members.error.unknownAction"));
  const access = await requireCoalitionAccess(context, request, params.slug, "coalition:edit");
  const values = coalitionValuesFromForm(form);
  const parsed = coalitionSchema.safeParse(formToObject(form, ["open_roles"]));
  if (!parsed.success) return data<ActionData>({ fieldErrors: fieldErrors(parsed.error), values }, { status: 400 });
  const result = await updateCoalitionSettings(access.user!, access.coalition, parsed.data);
  if (!result.ok) return data<ActionData>({ fieldErrors: refusalFieldErrors(result), values }, { status: result.status });
  // The slug may have changed: go to the settings page at the new address.
  return redirect(`/coalitions/${result.slug}/settings?saved=saved`);
}

export default function CoalitionSettings() {
  const { values, archived, canEdit, canArchive, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const submitting = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const errors = actionData?.fieldErrors ?? {};
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      {notice && !actionData ? <FormAlert tone="success" message={t(NOTICES[notice])} /> : null}
      {canEdit ? (
        <Card>
          <h2 className="text-lg font-semibold">{t("coalition.tab.settings")}</h2>
          <Form method="post" noValidate className="mt-4 space-y-5" aria-label={t("coalition.settings.formLabel")}>
            <input type="hidden" name="intent" value="save" />
            {Object.keys(errors).length ? <FormAlert message={t("coalition.settings.notSaved")} /> : null}
            <CoalitionFields values={actionData?.values ?? values} errors={errors} />
            <div className="flex justify-end border-t border-slate-100 pt-5">
              <Button type="submit" disabled={submitting === "save"}>
                {submitting === "save" ? t("coalition.settings.saving") : t("coalition.settings.save")}
              </Button>
            </div>
          </Form>
        </Card>
      ) : archived && notice !== "archived" ? (
        <FormAlert tone="info" message={t("coalition.settings.archivedInfo")} />
      ) : null}
      {canEdit ? (
        <Card>
          <h2 className="text-lg font-semibold">{t("held.page.title")}</h2>
          <p className="mt-1 text-sm text-slate-600">{t("held.settings.intro")}</p>
          <p className="mt-3 text-sm">
            <Link to="../held-mail" relative="path">
              {t("held.settings.link")}
            </Link>
          </p>
        </Card>
      ) : null}
      {canArchive ? (
        <Card className={archived ? "" : "border-red-200"}>
          {archived ? (
            <>
              <h2 className="text-lg font-semibold">{t("coalition.settings.unarchiveTitle")}</h2>
              <p className="mt-1 text-sm text-slate-600">
                {t("coalition.settings.unarchiveIntro")}
              </p>
              <Form method="post" className="mt-4">
                <input type="hidden" name="intent" value="unarchive" />
                <Button type="submit" disabled={submitting === "unarchive"}>
                  {t("coalition.settings.unarchive")}
                </Button>
              </Form>
            </>
          ) : (
            <>
              <h2 className="text-lg font-semibold text-red-800">{t("coalition.settings.archiveTitle")}</h2>
              <p className="mt-1 text-sm text-slate-600">
                {t("coalition.settings.archiveIntro")}
              </p>
              <Form method="post" className="mt-4">
                <input type="hidden" name="intent" value="archive" />
                <Button type="submit" variant="danger" disabled={submitting === "archive"}>
                  {t("coalition.settings.archive")}
                </Button>
              </Form>
            </>
          )}
        </Card>
      ) : null}
    </div>
  );
}
