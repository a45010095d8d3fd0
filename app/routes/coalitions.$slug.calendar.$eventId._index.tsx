import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TimeZoneCookie } from "../components/calendar/time-zone-cookie";
import { Button, Card, FormAlert } from "../components/form";
import { badRequest } from "../lib/http.server";
import { requireCoalitionAccess } from "../models/access.server";
import { createMeetingDocument, deleteMeeting, meetingPage, recordAttendance, requireMeeting } from "../models/meetings.server";
import { viewerZone } from "../models/viewer-zone.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.event.title} · Coalition Workspace` : "Meeting" }];

const TEXT = {
  back: "All meetings",
  online: "Online",
  inPerson: "In person",
  join: "Join the meeting",
  enteredIn: (zone: string) => `Scheduled in ${zone}.`,
  documents: "Agenda and minutes",
  agenda: "Agenda",
  minutes: "Minutes",
  createAgenda: "Start the agenda",
  createMinutes: "Start the minutes",
  notYet: "Not written yet.",
  attendance: "Attendance",
  presentCount: (n: number) => (n === 1 ? "1 member was present." : `${n} members were present.`),
  tick: "Tick the members who were present.",
  saveAttendance: "Save attendance",
  attendanceSaved: (n: number) => `Attendance saved: ${n} present.`,
  edit: "Edit",
  cancelMeeting: "Cancel the meeting",
  confirmCancel: "Cancel this meeting and remove it from the calendar? Its agenda and minutes stay among the documents.",
} as const;

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
  throw badRequest("Unknown action.");
}

export default function Meeting() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
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
        <p className="text-sm text-slate-500">{id ? title : TEXT.notYet}</p>
      )}
    </div>
  );
  return (
    <div className="max-w-3xl">
      <TimeZoneCookie shownIn={d.zone} fromProfile={d.fromProfile} />
      <p className="text-sm">
        <Link to={`${base}/calendar`}>← {TEXT.back}</Link>
      </p>
      <h2 className="mt-2 text-xl font-semibold" data-testid="meeting-title">
        {e.title}
      </h2>
      <p className="mt-1 text-slate-700" data-testid="event-when">
        {e.when}
      </p>
      <p className="mt-1 text-sm text-slate-600">
        {e.mode === "online" ? TEXT.online : TEXT.inPerson}
        {e.location ? ` · ${e.location}` : ""} · {TEXT.enteredIn(e.enteredIn)}
      </p>
      {e.mode === "online" && e.url ? (
        <p className="mt-2">
          <a href={e.url} rel="nofollow noopener" target="_blank" className="font-semibold">
            {TEXT.join}
          </a>
        </p>
      ) : null}
      {/* Sanitised by the posts' renderer when saved (raw HTML off, allowlist). */}
      {e.descriptionHtml ? <div className="prose-content mt-4 text-slate-700" dangerouslySetInnerHTML={{ __html: e.descriptionHtml }} /> : null}
      {d.canEdit ? (
        <div className="mt-4 flex flex-wrap gap-2">
          <Link to="edit" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium no-underline hover:bg-slate-50">
            {TEXT.edit}
          </Link>
          <Form method="post" onSubmit={(ev) => (confirm(TEXT.confirmCancel) ? undefined : ev.preventDefault())}>
            <input type="hidden" name="intent" value="delete" />
            <Button type="submit" variant="danger" className="!py-1.5">
              {TEXT.cancelMeeting}
            </Button>
          </Form>
        </div>
      ) : null}

      <Card className="mt-6">
        <h3 className="text-lg font-semibold">{TEXT.documents}</h3>
        <div className="mt-3 grid gap-4 sm:grid-cols-2">
          {docLink(e.agendaDocumentId, d.agendaTitle, "agenda", TEXT.agenda, TEXT.createAgenda)}
          {docLink(e.minutesDocumentId, d.minutesTitle, "minutes", TEXT.minutes, TEXT.createMinutes)}
        </div>
      </Card>

      <Card className="mt-6">
        <h3 className="text-lg font-semibold">{TEXT.attendance}</h3>
        <p className="mt-1 text-sm text-slate-600" data-testid="present-count">
          {TEXT.presentCount(d.presentCount)}
        </p>
        {actionData?.error ? <FormAlert message={actionData.error} /> : null}
        {actionData?.saved != null ? <FormAlert tone="success" message={TEXT.attendanceSaved(actionData.saved)} /> : null}
        {d.canEdit ? (
          <Form method="post" className="mt-3" aria-label={TEXT.attendance}>
            <input type="hidden" name="intent" value="attendance" />
            <p className="text-sm text-slate-600">{TEXT.tick}</p>
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
              <Button type="submit">{TEXT.saveAttendance}</Button>
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
