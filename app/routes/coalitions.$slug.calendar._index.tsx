import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { EventList } from "../components/calendar/event-list";
import { SubscribeHelp } from "../components/calendar/subscribe-help";
import { TimeZoneCookie } from "../components/calendar/time-zone-cookie";
import { FormAlert } from "../components/form";
import { requireCoalitionAccess } from "../models/access.server";
import { coalitionCalendar } from "../models/meetings.server";
import { viewerZone } from "../models/viewer-zone.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Calendar · ${data.name} · Coalition Workspace` : "Calendar" }];

const TEXT = {
  heading: "Meetings",
  shownIn: (zone: string) => `Times are shown in ${zone}.`,
  changeZone: "Change your time zone",
  schedule: "Schedule a meeting",
  upcoming: "Upcoming",
  past: "Past",
  noUpcoming: "No meeting is scheduled.",
  noPast: "No past meetings.",
  forum: "The forum's deadlines and the annual meeting are on the forum calendar.",
  subscribe: "Subscribe to this coalition's meetings",
  deleted: "The meeting was cancelled and removed from the calendar.",
} as const;

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
    feedUrl: new URL(`/coalitions/${access.coalition.slug}/calendar.ics`, context.appOrigin).href,
    notice: new URL(request.url).searchParams.get("done") === "deleted" ? TEXT.deleted : null,
  };
}

export default function CoalitionCalendar() {
  const d = useLoaderData<typeof loader>();
  const href = (e: { id: string }) => `/coalitions/${d.slug}/calendar/${e.id}`;
  return (
    <div>
      <TimeZoneCookie shownIn={d.zone} fromProfile={d.fromProfile} />
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 className="text-xl font-semibold">{TEXT.heading}</h2>
          <p className="mt-1 text-sm text-slate-500" data-testid="shown-in">
            {TEXT.shownIn(d.zone)} {d.signedIn ? <Link to="/settings/calendar">{TEXT.changeZone}</Link> : null}
          </p>
        </div>
        {d.canCreate ? (
          <Link to="new" className="rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white no-underline hover:bg-brand-800">
            {TEXT.schedule}
          </Link>
        ) : null}
      </div>
      {d.notice ? (
        <div className="mt-4">
          <FormAlert tone="success" message={d.notice} />
        </div>
      ) : null}
      <div className="mt-4">
        <SubscribeHelp httpUrl={d.feedUrl} label={TEXT.subscribe} />
        <p className="mt-2 text-sm text-slate-600">
          {TEXT.forum} <Link to="/calendar">Forum calendar</Link>
        </p>
      </div>
      <section className="mt-6" aria-labelledby="upcoming">
        <h3 id="upcoming" className="text-lg font-semibold">
          {TEXT.upcoming}
        </h3>
        <EventList events={d.upcoming} empty={TEXT.noUpcoming} titleHref={href} showDescription={false} />
      </section>
      <section className="mt-8" aria-labelledby="past">
        <h3 id="past" className="text-lg font-semibold">
          {TEXT.past}
        </h3>
        <EventList events={d.past} empty={TEXT.noPast} titleHref={href} showDescription={false} />
      </section>
    </div>
  );
}
