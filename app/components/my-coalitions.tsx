import { Link } from "@remix-run/react";
import { ROLE_LABEL, type CoalitionRole } from "../../common/roles";
import { pendingRequestsLabel } from "./membership/pending-badge";

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

function plural(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

function changesText(c: MyCoalition["changes"]): string | null {
  const parts = [
    c.threads ? plural(c.threads, "new thread", "new threads") : null,
    c.documents ? plural(c.documents, "document edited", "documents edited") : null,
    c.outputs ? plural(c.outputs, "output published", "outputs published") : null,
  ].filter(Boolean);
  return parts.length ? parts.join(" · ") : null;
}

/** The top of a signed-in member's home: each of their coalitions, their role, what changed, what waits for them. */
export function MyCoalitions({ coalitions, since }: { coalitions: MyCoalition[]; since: string | null }) {
  return (
    <section className="mt-6" aria-labelledby="my-coalitions" data-testid="my-coalitions">
      <h2 id="my-coalitions" className="text-lg font-semibold">
        My coalitions
      </h2>
      <ul className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {coalitions.map((c) => {
          const changes = changesText(c.changes);
          return (
            <li key={c.slug} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="my-coalition" data-slug={c.slug}>
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <Link to={`/coalitions/${c.slug}`} className="font-semibold text-slate-900">
                  {c.name}
                </Link>
                <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-800">{ROLE_LABEL[c.role]}</span>
              </div>
              <p className="mt-2 text-sm text-slate-600" data-testid="my-coalition-changes">
                {changes ?? (since ? "Nothing new since your last visit." : "Nothing new in the last two weeks.")}
              </p>
              {c.pendingRequests > 0 ? (
                <p className="mt-2 text-sm">
                  <Link
                    to={`/coalitions/${c.slug}/members`}
                    className="inline-block rounded-full bg-amber-200 px-2 py-0.5 font-medium text-amber-950"
                    data-testid="my-coalition-pending"
                  >
                    {pendingRequestsLabel(c.pendingRequests)} to decide
                  </Link>
                </p>
              ) : null}
              {c.archived ? <p className="mt-2 text-xs font-medium text-amber-900">Archived</p> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
