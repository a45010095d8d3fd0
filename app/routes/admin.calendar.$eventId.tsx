import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { EventFormCard } from "../components/calendar/event-form-card";
import { eventValuesFromForm, FORUM_EVENT_KINDS, parseForumEvent, type EventFormValues } from "../lib/calendar-schemas";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import type { FieldErrors } from "../lib/validation";
import { timeZoneNames } from "../lib/time-zones";
import { requireSiteAdmin } from "../models/access.server";
import { requireForumEvent, updateForumEvent } from "../models/calendar.server";
import { formValuesOf } from "../models/calendar-view.server";

export const meta: MetaFunction = () => [{ title: t("calendar.edit.metaTitle") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  requireSiteAdmin(context, request);
  const event = await requireForumEvent(params.eventId);
  return { zones: timeZoneNames(), values: formValuesOf(event), isExample: event.is_example === 1 };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const actor = requireSiteAdmin(context, request);
  const event = await requireForumEvent(params.eventId);
  const values = eventValuesFromForm(await request.formData());
  const parsed = parseForumEvent(values);
  if (!parsed.ok) return data<{ fieldErrors: FieldErrors; values: EventFormValues }>({ fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  await updateForumEvent(actor, event, parsed.input);
  return redirect(`/calendar#event-${event.id}`);
}

export default function EditForumEvent() {
  const { zones, values, isExample } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="mx-auto max-w-3xl">
      <p className="text-sm text-slate-500">
        <Link to="/calendar">{t("calendar.breadcrumb")}</Link> <span aria-hidden="true">/</span>
      </p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight sm:text-3xl">{t("calendar.edit.heading")}</h1>
      <p className="mt-1 text-slate-600">
        {t("calendar.edit.intro")}
        {isExample ? ` ${t("calendar.edit.exampleNote")}` : ""}
      </p>
      <EventFormCard
        variant="forum"
        values={actionData?.values ?? values}
        errors={actionData?.fieldErrors ?? {}}
        zones={zones}
        kinds={FORUM_EVENT_KINDS}
        submitLabel={t("calendar.edit.submit")}
        cancelHref="/calendar"
      />
    </div>
  );
}
