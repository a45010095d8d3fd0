import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { EventList } from "../components/calendar/event-list";
import { SubscribeHelp } from "../components/calendar/subscribe-help";
import { TimeZoneCookie } from "../components/calendar/time-zone-cookie";
import { useZoneName } from "../components/calendar/zone-name";
import { Button, FormAlert } from "../components/form";
import { badRequest } from "../lib/http.server";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { can, principalRoles } from "../lib/permissions";
import { requireSiteAdmin } from "../models/access.server";
import { addExampleCycle, deleteForumEvent, forumCalendar, requireForumEvent } from "../models/calendar.server";
import { feedUrl } from "../models/ics.server";
import { viewerZone } from "../models/viewer-zone.server";

export const meta: MetaFunction = () => [{ title: t("calendar.forum.metaTitle") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const { zone, fromProfile } = await viewerZone(context, request);
  const cal = await forumCalendar(zone);
  const isAdmin = Boolean(context.user) && can(principalRoles({ signedIn: true, isSiteAdmin: context.user!.isSiteAdmin }), "site:admin");
  const done = new URL(request.url).searchParams.get("done");
  return {
    ...cal,
    zone,
    fromProfile,
    signedIn: Boolean(context.user),
    isAdmin,
    feedUrl: feedUrl("/calendar.ics", context.appOrigin),
    notice: done === "deleted" || done === "examples" ? done : null,
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireSiteAdmin(context, request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "delete") {
    const event = await requireForumEvent(String(form.get("eventId") ?? ""));
    await deleteForumEvent(actor, event);
    return redirect("/calendar?done=deleted");
  }
  if (intent === "add-example") {
    await addExampleCycle(actor);
    return redirect("/calendar?done=examples");
  }
  throw badRequest(t("calendar.error.unknownAction"));
}

export default function ForumCalendar() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const zoneName = useZoneName();
  const notice = d.notice === "deleted" ? t("calendar.forum.deleted") : d.notice === "examples" ? t("calendar.forum.examplesAdded") : null;
  const adminActions = d.isAdmin
    ? (e: { id: string }) => (
        <>
          <Link to={`/admin/calendar/${e.id}`} className="rounded-md border border-slate-300 px-3 py-1 text-sm font-medium no-underline hover:bg-slate-50">
            {t("calendar.edit")}
          </Link>
          <Form method="post" onSubmit={(ev) => (confirm(t("calendar.forum.confirmDelete")) ? undefined : ev.preventDefault())}>
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="eventId" value={e.id} />
            <button type="submit" className="rounded-md border border-red-300 px-3 py-1 text-sm font-medium text-red-700 hover:bg-red-50">
              {t("calendar.delete")}
            </button>
          </Form>
        </>
      )
    : undefined;
  return (
    <div className="mx-auto max-w-4xl">
      <TimeZoneCookie shownIn={d.zone} fromProfile={d.fromProfile} />
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">{t("calendar.forum.heading")}</h1>
          <p className="mt-1 text-slate-600">{t("calendar.forum.intro")}</p>
          <p className="mt-1 text-sm text-slate-500" data-testid="shown-in">
            {t("calendar.shownIn", { zone: zoneName(d.zone) })} {d.signedIn ? <Link to="/settings/calendar">{t("calendar.changeZone")}</Link> : null}
          </p>
        </div>
        {d.isAdmin ? (
          <div className="flex flex-wrap gap-2">
            <Link to="/admin/calendar/new" className="rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white no-underline hover:bg-brand-800">
              {t("calendar.forum.add")}
            </Link>
            {!d.hasExample ? (
              <Form method="post">
                <input type="hidden" name="intent" value="add-example" />
                <Button type="submit" variant="secondary">
                  {t("calendar.forum.addExample")}
                </Button>
              </Form>
            ) : null}
          </div>
        ) : null}
      </div>
      {notice ? (
        <div className="mt-4">
          <FormAlert tone="success" message={notice} />
        </div>
      ) : null}
      {d.hasExample ? <p className="mt-4 rounded-md bg-amber-50 px-4 py-2 text-sm text-amber-900">{t("calendar.forum.exampleNote")}</p> : null}
      <div className="mt-4">
        <SubscribeHelp httpUrl={d.feedUrl} label={t("calendar.forum.subscribe")} />
        {d.signedIn ? (
          <p className="mt-2 text-sm">
            <Link to="/settings/calendar">{t("calendar.forum.personal")}</Link>
          </p>
        ) : null}
      </div>
      <section className="mt-6" aria-labelledby="upcoming">
        <h2 id="upcoming" className="text-lg font-semibold">
          {t("calendar.upcoming")}
        </h2>
        <EventList events={d.upcoming} empty={t("calendar.forum.noUpcoming")} actions={adminActions} />
      </section>
      <section className="mt-8" aria-labelledby="past">
        <h2 id="past" className="text-lg font-semibold">
          {t("calendar.past")}
        </h2>
        <EventList events={d.past} empty={t("calendar.forum.noPast")} actions={adminActions} showDescription={false} />
      </section>
    </div>
  );
}
