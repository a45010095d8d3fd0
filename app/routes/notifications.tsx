import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button } from "../components/form";
import { Time } from "../components/time";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { notFound } from "../lib/http.server";
import { requireUser } from "../models/access.server";
import { listUserNotifications, markAllRead, openNotification } from "../models/notifications.server";

export const meta: MetaFunction = () => [{ title: t("notifications.meta.title", { site: t("site.name") }) }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const before = Number.parseInt(new URL(request.url).searchParams.get("before") ?? "", 10);
  return listUserNotifications(user.id, Number.isFinite(before) && before > 0 ? before : undefined);
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const form = await request.formData();
  if (form.get("intent") === "read-all") {
    await markAllRead(user.id);
    return redirect("/notifications");
  }
  const id = Number.parseInt(String(form.get("id") ?? ""), 10);
  const link = Number.isFinite(id) ? await openNotification(user.id, id) : null;
  if (!link) throw notFound(t("notifications.page.notFound"));
  return redirect(link);
}

const KIND = {
  mention: { label: "notifications.kind.mention", style: "bg-brand-100 text-brand-800" },
  reply: { label: "notifications.kind.reply", style: "bg-emerald-100 text-emerald-900" },
  membership: { label: "notifications.kind.membership", style: "bg-amber-100 text-amber-900" },
  moderation: { label: "notifications.kind.moderation", style: "bg-slate-200 text-slate-800" },
  endorsement: { label: "endorsements.kind", style: "bg-green-100 text-green-900" },
} as const;

export default function Notifications() {
  const { items, older, unread } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="mx-auto max-w-3xl">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">{t("notifications.title")}</h1>
          <p className="mt-1 text-slate-600">
            {unread ? t("notifications.page.unread", { count: unread }) : t("notifications.page.caughtUp")} {t("notifications.page.intro")}
          </p>
        </div>
        {unread ? (
          <Form method="post">
            <Button type="submit" name="intent" value="read-all" variant="secondary">
              {t("notifications.page.markAll")}
            </Button>
          </Form>
        ) : null}
      </div>
      {items.length ? (
        <ul className="mt-6 divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm" aria-label={t("notifications.title")} data-testid="notification-list">
          {items.map((n) => (
            <li key={n.id} className={n.read ? "" : "bg-brand-50/60"}>
              <Form method="post" className="flex items-start gap-3 px-4 py-3 sm:px-5">
                <input type="hidden" name="id" value={n.id} />
                <span aria-hidden="true" className={`mt-2 h-2 w-2 shrink-0 rounded-full ${n.read ? "bg-transparent" : "bg-brand-600"}`} />
                <div className="min-w-0 flex-1">
                  <button type="submit" name="intent" value="open" dir="auto" className="text-start text-sm font-medium text-slate-900 hover:text-brand-700 hover:underline">
                    {n.text}
                  </button>
                  <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                    <span className={`rounded-full px-2 py-0.5 font-medium ${KIND[n.kind]?.style ?? "bg-slate-100 text-slate-700"}`}>{KIND[n.kind] ? t(KIND[n.kind].label) : n.kind}</span>
                    <Time iso={n.createdAt} />
                    {n.read ? null : <span className="sr-only">{t("notifications.page.unreadMarker")}</span>}
                  </p>
                </div>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">{t("notifications.page.empty")}</p>
      )}
      {older ? (
        <p className="mt-4 text-center text-sm">
          <Link to={`/notifications?before=${older}`}>{t("notifications.page.older")}</Link>
        </p>
      ) : null}
    </div>
  );
}
