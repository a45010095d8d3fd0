import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { EventFormCard } from "../components/calendar/event-form-card";
import { EMPTY_EVENT_VALUES, eventValuesFromForm, FORUM_EVENT_KINDS, parseForumEvent, type EventFormValues } from "../lib/calendar-schemas";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import type { FieldErrors } from "../lib/validation";
import { timeZoneNames } from "../lib/time-zones";
import { requireSiteAdmin } from "../models/access.server";
import { createForumEvent } from "../models/calendar.server";
import { viewerZone } from "../models/viewer-zone.server";

export const meta: MetaFunction = () => [{ title: t("calendar.new.metaTitle") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireSiteAdmin(context, request);
  const { zone } = await viewerZone(context, request);
  return { zones: timeZoneNames(), values: { ...EMPTY_EVENT_VALUES, time_zone: zone } };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireSiteAdmin(context, request);
  const values = eventValuesFromForm(await request.formData());
  const parsed = parseForumEvent(values);
  if (!parsed.ok) return data<{ fieldErrors: FieldErrors; values: EventFormValues }>({ fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  const id = await createForumEvent(actor, parsed.input);
  return redirect(`/calendar#event-${id}`);
}

export default function NewForumEvent() {
  const { zones, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="mx-auto max-w-3xl">
      <p className="text-sm text-slate-500">
        <Link to="/calendar">{t("calendar.breadcrumb")}</Link> <span aria-hidden="true">/</span>
      </p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight sm:text-3xl">{t("calendar.new.heading")}</h1>
      <p className="mt-1 text-slate-600">{t("calendar.new.intro")}</p>
      <EventFormCard
        variant="forum"
        values={actionData?.values ?? values}
        errors={actionData?.fieldErrors ?? {}}
        zones={zones}
        kinds={FORUM_EVENT_KINDS}
        submitLabel={t("calendar.new.submit")}
        cancelHref="/calendar"
      />
    </div>
  );
}
