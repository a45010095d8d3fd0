import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Card, FormAlert, SelectField } from "../components/form";
import { t, type MessageId } from "../lib/i18n/messages";
import { useFormat, useT } from "../lib/i18n/react";
import { requireUser } from "../models/access.server";
import { notificationSettings, saveNotificationSettings } from "../models/mail/preferences.server";

export const meta: MetaFunction = () => [{ title: t("auth.pageTitle", { page: t("settings.notifications.pageTitle") }) }];

const DELIVERY_IDS = ["immediate", "daily", "weekly", "off"] as const;

/** The days of the week, Sunday (0) first, named by the page's language (a week of January 2023, in UTC). */
const DAY_DATES = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2023, 0, 1 + i)));

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  return { values: await notificationSettings(user.id), saved: new URL(request.url).searchParams.get("saved") === "1" };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const result = await saveNotificationSettings(user.id, await request.formData());
  if (!result.ok) return data({ values: result.values, errors: result.errors }, { status: 400 });
  return redirect("/settings/notifications?saved=1");
}

export default function NotificationSettings() {
  const t = useT();
  const intl = useFormat();
  const DELIVERY_OPTIONS = DELIVERY_IDS.map((id) => ({ id, label: t(`settings.notifications.option.${id}` as MessageId) }));
  const DAY_OPTIONS = DAY_DATES.map((d, i) => ({ id: String(i), label: intl.formatDate(d, { weekday: "long", timeZone: "UTC" }) }));
  const TEXT = {
    title: t("settings.notifications.title"),
    intro: t("settings.notifications.intro"),
    saved: t("settings.notifications.saved"),
    failed: t("settings.notifications.failed"),
    personal: t("settings.notifications.personal"),
    mentions: t("settings.notifications.mentions"),
    replies: t("settings.notifications.replies"),
    personalDay: t("settings.notifications.personalDay"),
    coalitions: t("settings.notifications.coalitions"),
    noCoalitions: t("settings.notifications.noCoalitions"),
    delivery: t("settings.notifications.mailLabel"),
    day: t("settings.notifications.day"),
    membershipNote: t("settings.notifications.membershipNote"),
    save: t("settings.notifications.save"),
    saving: t("settings.notifications.saving"),
  };
  const loaded = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const values = failed?.values ?? loaded.values;
  const errors: Record<string, string> = failed?.errors ?? {};
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">{TEXT.title}</h1>
      <p className="mt-1 text-slate-600">{TEXT.intro}</p>
      {!failed && loaded.saved ? (
        <div className="mt-4">
          <FormAlert tone="success" message={TEXT.saved} />
        </div>
      ) : null}
      <Form method="post" noValidate className="mt-6 space-y-6">
        {failed ? <FormAlert message={TEXT.failed} /> : null}
        <Card>
          <h2 className="text-lg font-semibold">{TEXT.personal}</h2>
          <div className="mt-4 grid gap-4 sm:grid-cols-3">
            <SelectField label={TEXT.mentions} name="mentions" options={DELIVERY_OPTIONS} defaultValue={values.mentions} error={errors.mentions} />
            <SelectField label={TEXT.replies} name="replies" options={DELIVERY_OPTIONS} defaultValue={values.replies} error={errors.replies} />
            <SelectField label={TEXT.personalDay} name="personal_day" options={DAY_OPTIONS} defaultValue={values.personal_day} error={errors.personal_day} />
          </div>
        </Card>
        <Card>
          <h2 className="text-lg font-semibold">{TEXT.coalitions}</h2>
          <p className="mt-1 text-sm text-slate-600">{TEXT.membershipNote}</p>
          {values.coalitions.length ? (
            <ul className="mt-4 divide-y divide-slate-100">
              {values.coalitions.map((c) => (
                <li key={c.id} className="grid gap-3 py-4 sm:grid-cols-3 sm:items-start">
                  <p className="font-medium text-slate-800 sm:pt-7" dir="auto">
                    {c.name}
                  </p>
                  <SelectField
                    label={TEXT.delivery}
                    id={`delivery-${c.id}`}
                    name={`delivery.${c.id}`}
                    options={DELIVERY_OPTIONS}
                    defaultValue={c.delivery}
                    error={errors[`delivery.${c.id}`]}
                    aria-label={t("settings.notifications.deliveryFor", { coalition: c.name })}
                  />
                  <SelectField
                    label={TEXT.day}
                    id={`day-${c.id}`}
                    name={`day.${c.id}`}
                    options={DAY_OPTIONS}
                    defaultValue={c.day}
                    error={errors[`day.${c.id}`]}
                    aria-label={t("settings.notifications.dayFor", { coalition: c.name })}
                  />
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-4 text-slate-600">{TEXT.noCoalitions}</p>
          )}
        </Card>
        <div className="flex justify-end">
          <Button type="submit" disabled={busy}>
            {busy ? TEXT.saving : TEXT.save}
          </Button>
        </div>
      </Form>
    </div>
  );
}
