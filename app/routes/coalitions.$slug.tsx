import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { ErrorPanel } from "../components/error-panel";
import { requireCoalitionAccess } from "../models/access.server";
import { summarizeCoalition } from "../models/coalitions.server";
import { pendingRequestCount } from "../models/join-requests.server";
import { PendingBadge } from "../components/membership/pending-badge";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { roleName } from "../lib/i18n/vocabulary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? t("coalition.meta.title", { name: data.coalition.name }) : t("site.name") }];

/** Layout of every coalition page: who may see it is decided here and again by each child loader. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug);
  return {
    coalition: summarizeCoalition(access.coalition),
    membershipRole: access.membershipRole,
    abilities: access.abilities,
    signedIn: Boolean(context.user),
    // Only those who decide requests see how many wait.
    pendingRequests: access.abilities["member:manage"] ? await pendingRequestCount(access.coalition.id) : 0,
  };
}

export type CoalitionLayoutData = Awaited<ReturnType<typeof loader>>;

export default function CoalitionLayout() {
  return (
    <div>
      <CoalitionHeader data={useLoaderData<typeof loader>()} />
      <div className="pt-6">
        <Outlet />
      </div>
    </div>
  );
}

/**
 * A refusal or failure inside a tab (a 403 on the settings, a missing document) keeps the
 * coalition's header and tabs; only when the coalition itself cannot be shown (404) is the page bare.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("routes/coalitions.$slug");
  const t = useT();
  if (!data) return <ErrorPanel error={error} />;
  return (
    <div>
      <CoalitionHeader data={data} />
      <div className="pt-6">
        <ErrorPanel error={error} heading="h2" back={{ href: `/coalitions/${data.coalition.slug}`, label: t("coalition.backTo", { name: data.coalition.name }) }} />
      </div>
    </div>
  );
}

function CoalitionHeader({ data }: { data: CoalitionLayoutData }) {
  const { coalition, membershipRole, abilities, pendingRequests } = data;
  const t = useT();
  const base = `/coalitions/${coalition.slug}`;
  const tabs = [
    { to: base, label: t("coalition.tab.overview"), end: true, show: true },
    { to: `${base}/members`, label: t("coalition.tab.members"), show: abilities["member:list"], badge: pendingRequests },
    { to: `${base}/documents`, label: t("coalition.tab.documents"), show: abilities["document:read"] },
    { to: `${base}/outputs`, label: t("coalition.tab.outputs"), show: abilities["version:read"] },
    { to: `${base}/threads`, label: t("coalition.tab.threads"), show: abilities["thread:read"] },
    { to: `${base}/calendar`, label: t("coalition.tab.calendar"), show: abilities["event:read"] },
    { to: `${base}/settings`, label: t("coalition.tab.settings"), show: abilities["coalition:edit"] || abilities["coalition:archive"] },
  ].filter((tab) => tab.show);
  return (
    <div className="border-b border-slate-200 pb-4">
      <p className="text-sm text-slate-500">
        <a href="/">{t("header.coalitions")}</a> <span aria-hidden="true">/</span>
      </p>
      <div className="mt-1 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl" dir="auto">
          {coalition.name}
        </h1>
        {coalition.archived ? <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">{t("coalition.badge.archived")}</span> : null}
        {coalition.visibility === "private" ? <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-700">{t("coalition.badge.private")}</span> : null}
        {membershipRole ? (
          <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-800" data-testid="my-role">
            {t("coalition.myRole", { role: roleName(membershipRole) })}
          </span>
        ) : null}
      </div>
      {/* Scrolls sideways on a phone: faded edges show there is more, tabs snap into place. */}
      <nav aria-label={t("coalition.tabsLabel")} className="tab-scroller -mb-4 mt-4 flex gap-1" data-testid="coalition-tabs">
        {tabs.map((tab) => (
          <NavLink
            key={tab.to}
            to={tab.to}
            end={tab.end}
            className={({ isActive }) =>
              `whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium no-underline outline-offset-[-3px] hover:no-underline ${
                isActive ? "border-brand-700 text-brand-800" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
              }`
            }
          >
            {tab.label}
            {"badge" in tab && tab.badge ? <PendingBadge count={tab.badge} /> : null}
          </NavLink>
        ))}
      </nav>
    </div>
  );
}
