import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { EventFormCard } from "../components/calendar/event-form-card";
import { EMPTY_EVENT_VALUES, eventValuesFromForm, MEETING_MODES, parseMeeting, type EventFormValues } from "../lib/calendar-schemas";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import type { FieldErrors } from "../lib/validation";
import { timeZoneNames } from "../lib/time-zones";
import { requireCoalitionAccess } from "../models/access.server";
import { createMeeting } from "../models/meetings.server";
import { viewerZone } from "../models/viewer-zone.server";

export const meta: MetaFunction = () => [{ title: t("meetings.new.metaTitle") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "event:create");
  const { zone } = await viewerZone(context, request);
  return { zones: timeZoneNames(), values: { ...EMPTY_EVENT_VALUES, time_zone: zone }, slug: access.coalition.slug };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "event:create");
  const values = eventValuesFromForm(await request.formData());
  const parsed = parseMeeting(values);
  if (!parsed.ok) return data<{ fieldErrors: FieldErrors; values: EventFormValues }>({ fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  const id = await createMeeting(access, parsed.input);
  return redirect(`/coalitions/${access.coalition.slug}/calendar/${id}`);
}

export default function NewMeeting() {
  const { zones, values, slug } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="max-w-3xl">
      <h2 className="text-xl font-semibold">{t("meetings.schedule")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("meetings.new.intro")}</p>
      <EventFormCard
        variant="meeting"
        values={actionData?.values ?? values}
        errors={actionData?.fieldErrors ?? {}}
        zones={zones}
        modes={MEETING_MODES}
        submitLabel={t("meetings.new.submit")}
        cancelHref={`/coalitions/${slug}/calendar`}
      />
    </div>
  );
}
