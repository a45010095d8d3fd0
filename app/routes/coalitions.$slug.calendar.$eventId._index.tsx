import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TimeZoneCookie } from "../components/calendar/time-zone-cookie";
import { useZoneName } from "../components/calendar/zone-name";
import { Button, Card, FormAlert } from "../components/form";
import { badRequest } from "../lib/http.server";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { requireCoalitionAccess } from "../models/access.server";
import { createMeetingDocument, deleteMeeting, meetingPage, recordAttendance, requireMeeting } from "../models/meetings.server";
import { viewerZone } from "../models/viewer-zone.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? t("meetings.page.metaTitle", { title: data.event.title }) : t("meetings.page.fallbackTitle") }];

// The form intents (not words a reader sees).
const AGENDA = "agenda";
const MINUTES = "minutes";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "event:read");
  const event = await requireMeeting(access, params.eventId);
  const { zone, fromProfile } = await viewerZone(context, request);
  return {
    ...(await meetingPage(access, event, zone)),
    zone,
    fromProfile,
    slug: access.coalition.slug,
    canEdit: access.abilities["event:edit"],
    canReadDocuments: access.abilities["document:read"],
  };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "event:edit");
  const event = await requireMeeting(access, params.eventId);
  const form = await request.formData();
  const intent = form.get("intent");
  const base = `/coalitions/${access.coalition.slug}`;
  if (intent === "agenda" || intent === "minutes") {
    const documentId = await createMeetingDocument(access, event, intent);
    return redirect(`${base}/documents/${documentId}`);
  }
  if (intent === "attendance") {
    const ids = form.getAll("present").filter((v): v is string => typeof v === "string");
    const result = await recordAttendance(access, event, ids);
    if (!result.ok) return data({ error: result.message, saved: null }, { status: result.status });
    return { error: null, saved: result.count };
  }
  if (intent === "delete") {
    await deleteMeeting(access, event);
    return redirect(`${base}/calendar?done=deleted`);
  }
  throw badRequest(t("calendar.error.unknownAction"));
}

export default function Meeting() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const zoneName = useZoneName();
  const e = d.event;
  const base = `/coalitions/${d.slug}`;
  const docLink = (id: string | null, title: string | null, intent: "agenda" | "minutes", label: string, create: string) => (
    <div>
      <h4 className="text-sm font-semibold text-slate-700">{label}</h4>
      {id && d.canReadDocuments ? (
        <Link to={`${base}/documents/${id}`} data-testid={`meeting-${intent}`}>
          {title ?? label}
        </Link>
      ) : d.canEdit ? (
        <Form method="post">
          <input type="hidden" name="intent" value={intent} />
          <Button type="submit" variant="secondary">
            {create}
          </Button>
        </Form>
      ) : (
        <p className="text-sm text-slate-500">{id ? title : t("meetings.notYet")}</p>
      )}
    </div>
  );
  return (
    <div className="max-w-3xl">
      <TimeZoneCookie shownIn={d.zone} fromProfile={d.fromProfile} />
      <p className="text-sm">
        <Link to={`${base}/calendar`}>
          <span aria-hidden="true" className="inline-block rtl:-scale-x-100">
            ←
          </span>{" "}
          {t("meetings.back")}
        </Link>
      </p>
      <h2 className="mt-2 text-xl font-semibold" data-testid="meeting-title" dir="auto">
        {e.title}
      </h2>
      <p className="mt-1 text-slate-700" data-testid="event-when">
        {e.when}
      </p>
      <p className="mt-1 text-sm text-slate-600">
        {e.mode === "online" ? t("meetings.mode.online") : t("meetings.mode.in_person")}
        {e.location ? ` · ${e.location}` : ""} · {t("meetings.scheduledIn", { zone: zoneName(e.enteredIn) })}
      </p>
      {e.mode === "online" && e.url ? (
        <p className="mt-2">
          <a href={e.url} rel="nofollow noopener" target="_blank" className="font-semibold">
            {t("meetings.join")}
          </a>
        </p>
      ) : null}
      {/* Sanitised by the posts' renderer when saved (raw HTML off, allowlist). */}
      {e.descriptionHtml ? <div className="prose-content mt-4 text-slate-700" dangerouslySetInnerHTML={{ __html: e.descriptionHtml }} /> : null}
      {d.canEdit ? (
        <div className="mt-4 flex flex-wrap gap-2">
          <Link to="edit" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium no-underline hover:bg-slate-50">
            {t("calendar.edit")}
          </Link>
          <Form method="post" onSubmit={(ev) => (confirm(t("meetings.confirmCancel")) ? undefined : ev.preventDefault())}>
            <input type="hidden" name="intent" value="delete" />
            <Button type="submit" variant="danger" className="!py-1.5">
              {t("meetings.cancel")}
            </Button>
          </Form>
        </div>
      ) : null}

      <Card className="mt-6">
        <h3 className="text-lg font-semibold">{t("meetings.documents")}</h3>
        <div className="mt-3 grid gap-4 sm:grid-cols-2">
          {docLink(e.agendaDocumentId, d.agendaTitle, AGENDA, t("meetings.agenda"), t("meetings.createAgenda"))}
          {docLink(e.minutesDocumentId, d.minutesTitle, MINUTES, t("meetings.minutes"), t("meetings.createMinutes"))}
        </div>
      </Card>

      <Card className="mt-6">
        <h3 className="text-lg font-semibold">{t("meetings.attendance")}</h3>
        <p className="mt-1 text-sm text-slate-600" data-testid="present-count">
          {t("meetings.presentCount", { count: d.presentCount })}
        </p>
        {actionData?.error ? <FormAlert message={actionData.error} /> : null}
        {actionData?.saved != null ? <FormAlert tone="success" message={t("meetings.attendanceSaved", { count: actionData.saved })} /> : null}
        {d.canEdit ? (
          <Form method="post" className="mt-3" aria-label={t("meetings.attendance")}>
            <input type="hidden" name="intent" value="attendance" />
            <p className="text-sm text-slate-600">{t("meetings.tick")}</p>
            <ul className="mt-2 grid gap-1 sm:grid-cols-2">
              {d.attendance.map((m) => (
                <li key={m.userId}>
                  <label className="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="present" value={m.userId} defaultChecked={m.present} />
                    {m.name}
                  </label>
                </li>
              ))}
            </ul>
            <div className="mt-3">
              <Button type="submit">{t("meetings.saveAttendance")}</Button>
            </div>
          </Form>
        ) : d.attendance.length ? (
          <ul className="mt-2 list-disc ps-5 text-sm">
            {d.attendance.map((m) => (
              <li key={m.userId}>{m.name}</li>
            ))}
          </ul>
        ) : null}
      </Card>
    </div>
  );
}
