import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { SubscribeHelp } from "../components/calendar/subscribe-help";
import { TimeZoneCookie } from "../components/calendar/time-zone-cookie";
import { Button, Card, FormAlert, SelectField } from "../components/form";
import { badRequest } from "../lib/http.server";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { isTimeZone, timeZoneNames } from "../lib/time-zones";
import { requireUser } from "../models/access.server";
import { hasFeedToken, regenerateFeedToken } from "../models/ics.server";
import { saveTimeZone, timeZoneSetting } from "../models/viewer-zone.server";

export const meta: MetaFunction = () => [{ title: t("auth.pageTitle", { page: t("settings.calendar.title") }) }];

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
    if (value !== "" && !isTimeZone(value)) return data<ActionData>({ intent: "zone", error: t("settings.calendar.zoneError"), value }, { status: 400 });
    await saveTimeZone(user.id, value === "" ? null : value);
    return redirect("/settings/calendar?saved=zone");
  }
  if (intent === "feed") {
    const token = await regenerateFeedToken(user.id);
    return data<ActionData>({ intent: "feed", feedUrl: new URL(`/calendar/feeds/${token}.ics`, context.appOrigin).href });
  }
  throw badRequest(t("settings.calendar.unknownAction"));
}

export default function CalendarSettings() {
  const t = useT();
  const TEXT = {
    heading: t("settings.calendar.title"),
    intro: t("settings.calendar.intro"),
    zoneHeading: t("settings.calendar.zoneHeading"),
    zoneLabel: t("settings.calendar.zoneLabel"),
    followBrowser: (browser: string | null) => (browser ? t("settings.calendar.browserZoneNow", { zone: browser }) : t("settings.calendar.browserZone")),
    save: t("settings.calendar.save"),
    saved: t("settings.calendar.saved"),
    feedHeading: t("settings.calendar.feedHeading"),
    feedIntro: t("settings.calendar.feedIntro"),
    make: t("settings.calendar.make"),
    remake: t("settings.calendar.remake"),
    remakeNote: t("settings.calendar.remakeNote"),
    hasOne: t("settings.calendar.hasOne"),
    copyNow: t("settings.calendar.copyNow"),
    subscribe: t("settings.calendar.subscribe"),
  };
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const zoneError = actionData?.intent === "zone" ? actionData.error : undefined;
  const feedUrl = actionData?.intent === "feed" ? actionData.feedUrl : null;
  const options = [{ id: "", label: TEXT.followBrowser(d.browser) }, ...d.zones.map((z) => ({ id: z, label: z.replace(/_/g, " ") }))];
  return (
    <div className="mx-auto max-w-3xl">
      <TimeZoneCookie shownIn={d.chosen ?? d.browser ?? "UTC"} fromProfile />
      <p className="text-sm text-slate-500">
        <Link to="/settings/profile">{t("profile.title")}</Link> <span aria-hidden="true">/</span>
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
              <code className="break-all text-sm" data-testid="personal-feed-url" dir="ltr">
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
