import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { EventFormCard } from "../components/calendar/event-form-card";
import { eventValuesFromForm, MEETING_MODES, parseMeeting, type EventFormValues } from "../lib/calendar-schemas";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import type { FieldErrors } from "../lib/validation";
import { timeZoneNames } from "../lib/time-zones";
import { requireCoalitionAccess } from "../models/access.server";
import { formValuesOf } from "../models/calendar-view.server";
import { requireMeeting, updateMeeting } from "../models/meetings.server";

export const meta: MetaFunction = () => [{ title: t("meetings.edit.metaTitle") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "event:edit");
  const event = await requireMeeting(access, params.eventId);
  return { zones: timeZoneNames(), values: formValuesOf(event), cancel: `/coalitions/${access.coalition.slug}/calendar/${event.id}` };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "event:edit");
  const event = await requireMeeting(access, params.eventId);
  const values = eventValuesFromForm(await request.formData());
  const parsed = parseMeeting(values);
  if (!parsed.ok) return data<{ fieldErrors: FieldErrors; values: EventFormValues }>({ fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  await updateMeeting(access, event, parsed.input);
  return redirect(`/coalitions/${access.coalition.slug}/calendar/${event.id}`);
}

export default function EditMeeting() {
  const { zones, values, cancel } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="max-w-3xl">
      <h2 className="text-xl font-semibold">{t("meetings.edit.heading")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("meetings.edit.intro")}</p>
      <EventFormCard
        variant="meeting"
        values={actionData?.values ?? values}
        errors={actionData?.fieldErrors ?? {}}
        zones={zones}
        modes={MEETING_MODES}
        submitLabel={t("meetings.edit.submit")}
        cancelHref={cancel}
      />
    </div>
  );
}
