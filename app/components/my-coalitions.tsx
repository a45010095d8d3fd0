import { Link } from "@remix-run/react";
import type { CoalitionRole } from "../../common/roles";
import { useT } from "../lib/i18n/react";
import { roleName } from "../lib/i18n/vocabulary";

/** One of the viewer's coalitions as the home page shows it (built by the activity model). */
export interface MyCoalition {
  slug: string;
  name: string;
  role: CoalitionRole;
  archived: boolean;
  /** By others, since the last visit (what the viewer may read). */
  changes: { threads: number; documents: number; outputs: number };
  /** Requests waiting for a decision; only for those who decide them, else 0. */
  pendingRequests: number;
}

function changesText(c: MyCoalition["changes"], t: ReturnType<typeof useT>): string | null {
  const parts = [
    c.threads ? t("home.changes.threads", { count: c.threads }) : null,
    c.documents ? t("home.changes.documents", { count: c.documents }) : null,
    c.outputs ? t("home.changes.outputs", { count: c.outputs }) : null,
  ].filter(Boolean);
  return parts.length ? parts.join(" · ") : null;
}

/** The top of a signed-in member's home: each of their coalitions, their role, what changed, what waits for them. */
export function MyCoalitions({ coalitions, since }: { coalitions: MyCoalition[]; since: string | null }) {
  const t = useT();
  return (
    <section className="mt-6" aria-labelledby="my-coalitions" data-testid="my-coalitions">
      <h2 id="my-coalitions" className="text-lg font-semibold">
        {t("home.myCoalitions")}
      </h2>
      <ul className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {coalitions.map((c) => {
          const changes = changesText(c.changes, t);
          return (
            <li key={c.slug} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="my-coalition" data-slug={c.slug}>
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <Link to={`/coalitions/${c.slug}`} className="font-semibold text-slate-900">
                  {c.name}
                </Link>
                <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-800">{roleName(c.role)}</span>
              </div>
              <p className="mt-2 text-sm text-slate-600" data-testid="my-coalition-changes">
                {changes ?? (since ? t("home.nothingSinceVisit") : t("home.nothingTwoWeeks"))}
              </p>
              {c.pendingRequests > 0 ? (
                <p className="mt-2 text-sm">
                  <Link
                    to={`/coalitions/${c.slug}/members`}
                    className="inline-block rounded-full bg-amber-200 px-2 py-0.5 font-medium text-amber-950"
                    data-testid="my-coalition-pending"
                  >
                    {t("members.pending.toDecide", { count: c.pendingRequests })}
                  </Link>
                </p>
              ) : null}
              {c.archived ? <p className="mt-2 text-xs font-medium text-amber-900">{t("coalition.badge.archived")}</p> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
