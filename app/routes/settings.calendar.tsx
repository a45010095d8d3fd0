import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { SubscribeHelp } from "../components/calendar/subscribe-help";
import { TimeZoneCookie } from "../components/calendar/time-zone-cookie";
import { Button, Card, FormAlert, SelectField } from "../components/form";
import { badRequest } from "../lib/http.server";
import { isTimeZone, timeZoneNames } from "../lib/time-zones";
import { requireUser } from "../models/access.server";
import { hasFeedToken, regenerateFeedToken } from "../models/ics.server";
import { saveTimeZone, timeZoneSetting } from "../models/viewer-zone.server";

export const meta: MetaFunction = () => [{ title: "Calendar settings · Coalition Workspace" }];

const TEXT = {
  heading: "Calendar settings",
  intro: "Your time zone for every date and time in the workspace, and your own calendar feed.",
  zoneHeading: "Time zone",
  zoneLabel: "Show times in",
  followBrowser: (browser: string | null) => (browser ? `My browser's time zone (now ${browser})` : "My browser's time zone"),
  zoneError: "Choose a time zone from the list.",
  save: "Save time zone",
  saved: "Your time zone is saved.",
  feedHeading: "Your calendar feed",
  feedIntro:
    "One feed with the forum's calendar and the meetings of every coalition you belong to. Its address is private: anyone who has it can read those meetings.",
  make: "Make my feed address",
  remake: "Make a new address",
  remakeNote: "A new address stops the old one from working: calendars subscribed with it must be given the new one.",
  hasOne: "You have a feed address. It is shown only once, when it is made; if you did not keep it, make a new one.",
  copyNow: "Your feed address is below. Copy it now: it will not be shown again.",
  subscribe: "Subscribe to my calendar",
} as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const setting = await timeZoneSetting(user.id, request);
  return {
    ...setting,
    zones: timeZoneNames(),
    hasFeed: await hasFeedToken(user.id),
    saved: new URL(request.url).searchParams.get("saved") === "zone",
  };
}

type ActionData = { intent: "zone"; error: string; value: string } | { intent: "feed"; feedUrl: string };

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "zone") {
    const value = String(form.get("time_zone") ?? "");
    if (value !== "" && !isTimeZone(value)) return data<ActionData>({ intent: "zone", error: TEXT.zoneError, value }, { status: 400 });
    await saveTimeZone(user.id, value === "" ? null : value);
    return redirect("/settings/calendar?saved=zone");
  }
  if (intent === "feed") {
    const token = await regenerateFeedToken(user.id);
    return data<ActionData>({ intent: "feed", feedUrl: new URL(`/calendar/feeds/${token}.ics`, context.appOrigin).href });
  }
  throw badRequest("Unknown action.");
}

export default function CalendarSettings() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const zoneError = actionData?.intent === "zone" ? actionData.error : undefined;
  const feedUrl = actionData?.intent === "feed" ? actionData.feedUrl : null;
  const options = [{ id: "", label: TEXT.followBrowser(d.browser) }, ...d.zones.map((z) => ({ id: z, label: z.replace(/_/g, " ") }))];
  return (
    <div className="mx-auto max-w-3xl">
      <TimeZoneCookie shownIn={d.chosen ?? d.browser ?? "UTC"} fromProfile />
      <p className="text-sm text-slate-500">
        <Link to="/settings/profile">Your profile</Link> <span aria-hidden="true">/</span>
      </p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight sm:text-3xl">{TEXT.heading}</h1>
      <p className="mt-1 text-slate-600">{TEXT.intro}</p>
      {d.saved && !actionData ? (
        <div className="mt-4">
          <FormAlert tone="success" message={TEXT.saved} />
        </div>
      ) : null}
      <Card className="mt-6">
        <h2 className="text-lg font-semibold">{TEXT.zoneHeading}</h2>
        <Form method="post" className="mt-4 space-y-4" noValidate aria-label={TEXT.zoneHeading}>
          <input type="hidden" name="intent" value="zone" />
          <SelectField
            label={TEXT.zoneLabel}
            name="time_zone"
            options={options}
            defaultValue={actionData?.intent === "zone" ? actionData.value : (d.chosen ?? "")}
            error={zoneError}
          />
          <div className="flex justify-end">
            <Button type="submit">{TEXT.save}</Button>
          </div>
        </Form>
      </Card>
      <Card className="mt-6">
        <h2 className="text-lg font-semibold">{TEXT.feedHeading}</h2>
        <p className="mt-1 text-sm text-slate-600">{TEXT.feedIntro}</p>
        {feedUrl ? (
          <div className="mt-4 space-y-3" data-testid="personal-feed">
            <FormAlert tone="info" message={TEXT.copyNow} />
            <p>
              <code className="break-all text-sm" data-testid="personal-feed-url">
                {feedUrl}
              </code>
            </p>
            <SubscribeHelp httpUrl={feedUrl} label={TEXT.subscribe} />
          </div>
        ) : d.hasFeed ? (
          <p className="mt-3 text-sm text-slate-600">{TEXT.hasOne}</p>
        ) : null}
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value="feed" />
          <Button type="submit" variant={d.hasFeed || feedUrl ? "secondary" : "primary"}>
            {d.hasFeed || feedUrl ? TEXT.remake : TEXT.make}
          </Button>
          {d.hasFeed || feedUrl ? <p className="mt-2 text-xs text-slate-500">{TEXT.remakeNote}</p> : null}
        </Form>
      </Card>
    </div>
  );
}
