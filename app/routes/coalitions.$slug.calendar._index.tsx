import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { EventList } from "../components/calendar/event-list";
import { SubscribeHelp } from "../components/calendar/subscribe-help";
import { TimeZoneCookie } from "../components/calendar/time-zone-cookie";
import { useZoneName } from "../components/calendar/zone-name";
import { FormAlert } from "../components/form";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { requireCoalitionAccess } from "../models/access.server";
import { feedUrl } from "../models/ics.server";
import { coalitionCalendar } from "../models/meetings.server";
import { forumDeadlinesAhead } from "../models/compliance/forum-deadlines.server";
import { viewerZone } from "../models/viewer-zone.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? t("meetings.metaTitle", { coalition: data.name }) : t("calendar.breadcrumb") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "event:read");
  const { zone, fromProfile } = await viewerZone(context, request);
  return {
    ...(await coalitionCalendar(access, zone)),
    slug: access.coalition.slug,
    name: access.coalition.name,
    zone,
    fromProfile,
    signedIn: Boolean(context.user),
    canCreate: access.abilities["event:create"],
    feedUrl: feedUrl(`/coalitions/${access.coalition.slug}/calendar.ics`, context.appOrigin),
    deleted: new URL(request.url).searchParams.get("done") === "deleted",
    forumDeadlines: await forumDeadlinesAhead(zone),
  };
}

export default function CoalitionCalendar() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const zoneName = useZoneName();
  const href = (e: { id: string }) => `/coalitions/${d.slug}/calendar/${e.id}`;
  return (
    <div>
      <TimeZoneCookie shownIn={d.zone} fromProfile={d.fromProfile} />
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 className="text-xl font-semibold">{t("meetings.heading")}</h2>
          <p className="mt-1 text-sm text-slate-500" data-testid="shown-in">
            {t("calendar.shownIn", { zone: zoneName(d.zone) })} {d.signedIn ? <Link to="/settings/calendar">{t("calendar.changeZone")}</Link> : null}
          </p>
        </div>
        {d.canCreate ? (
          <Link to="new" className="rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white no-underline hover:bg-brand-800">
            {t("meetings.schedule")}
          </Link>
        ) : null}
      </div>
      {d.deleted ? (
        <div className="mt-4">
          <FormAlert tone="success" message={t("meetings.deleted")} />
        </div>
      ) : null}
      <div className="mt-4">
        <SubscribeHelp httpUrl={d.feedUrl} label={t("meetings.subscribe")} />
        <p className="mt-2 text-sm text-slate-600">
          {t("meetings.forumNote")} <Link to="/calendar">{t("calendar.forum.heading")}</Link>
        </p>
      </div>
      <section className="mt-6" aria-labelledby="forum-deadlines" data-testid="forum-deadlines">
        <h3 id="forum-deadlines" className="text-lg font-semibold">
          {t("compliance.calendar.deadlines")}
        </h3>
        <EventList events={d.forumDeadlines} empty={t("compliance.calendar.noDeadlines")} titleHref={(e) => `/calendar#event-${e.id}`} showDescription={false} />
      </section>
      <section className="mt-6" aria-labelledby="upcoming">
        <h3 id="upcoming" className="text-lg font-semibold">
          {t("calendar.upcoming")}
        </h3>
        <EventList events={d.upcoming} empty={t("meetings.noUpcoming")} titleHref={href} showDescription={false} />
      </section>
      <section className="mt-8" aria-labelledby="past">
        <h3 id="past" className="text-lg font-semibold">
          {t("calendar.past")}
        </h3>
        <EventList events={d.past} empty={t("meetings.noPast")} titleHref={href} showDescription={false} />
      </section>
    </div>
  );
}
