import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
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

export const meta: MetaFunction = () => [{ title: "Coalition settings · Coalition Workspace" }];

const NOTICES = {
  saved: "The settings are saved.",
  archived: "The coalition is archived. Everything stays readable; nothing can be changed until it is brought back.",
  unarchived: "The coalition is active again.",
} as const;
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
  if (intent !== "save") throw badRequest("Unknown action.");
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
  const submitting = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const errors = actionData?.fieldErrors ?? {};
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      {notice && !actionData ? <FormAlert tone="success" message={NOTICES[notice]} /> : null}
      {canEdit ? (
        <Card>
          <h2 className="text-lg font-semibold">Settings</h2>
          <Form method="post" noValidate className="mt-4 space-y-5" aria-label="Coalition settings">
            <input type="hidden" name="intent" value="save" />
            {Object.keys(errors).length ? <FormAlert message="The settings were not saved. Please correct the fields marked below." /> : null}
            <CoalitionFields values={actionData?.values ?? values} errors={errors} />
            <div className="flex justify-end border-t border-slate-100 pt-5">
              <Button type="submit" disabled={submitting === "save"}>
                {submitting === "save" ? "Saving…" : "Save settings"}
              </Button>
            </div>
          </Form>
        </Card>
      ) : archived && notice !== "archived" ? (
        <FormAlert tone="info" message="This coalition is archived, so its settings cannot be changed. Bring it back first to edit them." />
      ) : null}
      {canArchive ? (
        <Card className={archived ? "" : "border-red-200"}>
          {archived ? (
            <>
              <h2 className="text-lg font-semibold">Bring the coalition back</h2>
              <p className="mt-1 text-sm text-slate-600">
                Members can write documents, post in threads and join again. The coalition reappears in the directory for everyone.
              </p>
              <Form method="post" className="mt-4">
                <input type="hidden" name="intent" value="unarchive" />
                <Button type="submit" disabled={submitting === "unarchive"}>
                  Bring back
                </Button>
              </Form>
            </>
          ) : (
            <>
              <h2 className="text-lg font-semibold text-red-800">Archive the coalition</h2>
              <p className="mt-1 text-sm text-slate-600">
                An archived coalition stays readable at its address but leaves the directory, and nobody can change its documents, threads or
                membership. You can bring it back at any time.
              </p>
              <Form method="post" className="mt-4">
                <input type="hidden" name="intent" value="archive" />
                <Button type="submit" variant="danger" disabled={submitting === "archive"}>
                  Archive coalition
                </Button>
              </Form>
            </>
          )}
        </Card>
      ) : null}
    </div>
  );
}
