import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CoalitionStats, DirectoryFilter } from "../components/membership/directory-filter";
import { HomeActivityCard } from "../components/activity-feed";
import { MyCoalitions } from "../components/my-coalitions";
import { homeActivity } from "../models/activity.server";
import { listDirectory } from "../models/coalitions.server";
import { withDirectoryStats } from "../models/stakeholder-balance.server";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import type { MessageId } from "../lib/i18n/messages";

export const meta: MetaFunction = () => [{ title: t("directory.meta.title") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  // Site administrators also see archived coalitions (marked), to find and bring them back.
  const listed = await listDirectory(context.user, { includeArchived: context.user?.isSiteAdmin ?? false });
  const { coalitions, group } = await withDirectoryStats(listed, new URL(request.url).searchParams.get("group"));
  // A signed-in member sees what changed in their coalitions since their last visit.
  const activity = context.user ? await homeActivity(context.user) : null;
  return { activity, coalitions, group, isSiteAdmin: context.user?.isSiteAdmin ?? false };
}

const JOIN_LABEL: Record<"open" | "approval" | "invitation", MessageId> = { open: "directory.join.open", approval: "directory.join.approval", invitation: "directory.join.invitation" };

export default function Directory() {
  const { activity, coalitions, group, isSiteAdmin } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight">{t("directory.title")}</h1>
          <p className="mt-2 max-w-2xl text-slate-600">
            {t("directory.intro")}
          </p>
        </div>
        {isSiteAdmin ? (
          <Link to="/admin/coalitions/new" className="rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white no-underline hover:bg-brand-800">
            {t("directory.newCoalition")}
          </Link>
        ) : null}
      </div>
      {activity?.memberOfAny ? (
        <>
          <MyCoalitions coalitions={activity.coalitions} since={activity.since} />
          <HomeActivityCard since={activity.since} items={activity.items} />
          <h2 className="mt-8 text-lg font-semibold">{t("directory.allCoalitions")}</h2>
        </>
      ) : null}
      <DirectoryFilter group={group} />
      {coalitions.length === 0 ? (
        <p className="mt-8 rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          {group ? t("directory.emptyGroup") : t("directory.empty")}
        </p>
      ) : (
        <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label={t("directory.listLabel")}>
          {coalitions.map((c) => (
            <li key={c.id} className="flex flex-col rounded-lg border border-slate-200 bg-white p-5 shadow-sm transition hover:border-brand-600">
              <h2 className="text-lg font-semibold leading-snug">
                <Link to={`/coalitions/${c.slug}`} className="text-slate-900" dir="auto">
                  {c.name}
                </Link>
              </h2>
              {/* flex-1 on a wrapper, not on the clamped text: a stretched clamp shows a half-cut fifth line. */}
              <div className="mt-2 flex-1">
                <p className="line-clamp-4 text-sm text-slate-600" dir="auto">
                  {c.description}
                </p>
              </div>
              {c.founders.length ? (
                <p className="mt-3 text-xs text-slate-500">
                  <span className="font-medium text-slate-600">{t("directory.foundedBy")}</span> {c.founders.join(t("directory.founderSeparator"))}
                </p>
              ) : null}
              <CoalitionStats stats={c.stats} />
              <div className="mt-3 flex flex-wrap gap-2 text-xs">
                <span className="rounded-full bg-brand-50 px-2 py-0.5 text-brand-800">{t(JOIN_LABEL[c.joinPolicy])}</span>
                {c.visibility === "private" ? <span className="rounded-full bg-slate-100 px-2 py-0.5 text-slate-700">{t("coalition.badge.private")}</span> : null}
                {c.archived ? <span className="rounded-full bg-amber-100 px-2 py-0.5 font-medium text-amber-900">{t("coalition.badge.archived")}</span> : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
