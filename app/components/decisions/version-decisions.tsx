import { Link } from "@remix-run/react";
import { useT } from "../../lib/i18n/react";

export interface VersionDecisionsView {
  adoptedBy: Array<{ id: string; question: string; closedAt: string; closedOn: string }>;
  decisions: Array<{ id: string; question: string; kindLabel: string; open: boolean; deadlineText: string; outcomeLabel: string | null }>;
  annex: Array<{
    decisionId: string;
    question: string;
    closedOn: string | null;
    entries: Array<{ key: string; stance: string; reasonHtml: string; author: string | null; group: string }>;
  }>;
  annexRule: string;
  canOpen: boolean;
}

/** "Adopted on DATE by DECISION", shown under a version's title (page and lists). */
export function AdoptedLine({ view, slug }: { view: VersionDecisionsView; slug: string }) {
  const t = useT();
  if (!view.adoptedBy.length) return null;
  return (
    <p className="mt-2 inline-flex flex-wrap items-center gap-2 rounded-md bg-green-50 px-3 py-1.5 text-sm text-green-900" data-testid="adopted-line">
      <span className="rounded-full bg-green-700 px-2 py-0.5 text-xs font-semibold uppercase tracking-wide text-white">{t("annex.adopted")}</span>
      {view.adoptedBy.map((a) => (
        <span key={a.id}>
          {t("annex.adoptedOnPrefix", { date: a.closedOn })}{" "}
          <Link to={`/coalitions/${slug}/decisions/${a.id}`} dir="auto">
            {a.question}
          </Link>
        </span>
      ))}
    </p>
  );
}

/** The dissent annex published with the version: every non-agreeing stance at each close, frozen. */
export function DissentAnnex({ view }: { view: VersionDecisionsView }) {
  const t = useT();
  if (!view.annex.length) return null;
  return (
    <section className="border-t border-slate-200 px-5 py-6 sm:px-10" aria-labelledby="dissent-annex" data-testid="dissent-annex">
      <h2 id="dissent-annex" className="text-xl font-semibold">{t("annex.heading")}</h2>
      <p className="mt-1 text-sm text-slate-600">{view.annexRule}</p>
      {view.annex.map((a) => (
        <div key={a.decisionId} className="mt-4">
          <h3 className="text-base font-semibold" dir="auto">
            {a.closedOn ? t("annex.decisionHeading", { question: a.question, date: a.closedOn }) : a.question}
          </h3>
          <ul className="mt-2 space-y-3">
            {a.entries.map((e) => (
              <li key={e.key} className="rounded-md border border-slate-200 p-3" data-testid="annex-entry">
                <p className="text-sm">
                  <span className="font-semibold">{e.stance}</span> · <span dir="auto">{e.author ?? t("annex.anonymous")}</span> · <span className="text-slate-600">{e.group}</span>
                </p>
                {e.reasonHtml ? <div className="prose-content mt-1 text-sm" dir="auto" dangerouslySetInnerHTML={{ __html: e.reasonHtml }} /> : null}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** The side panel: decisions on this version, and opening one (coordinators). */
export function DecisionsPanel({ view, slug, versionId }: { view: VersionDecisionsView; slug: string; versionId: string }) {
  const t = useT();
  if (!view.decisions.length && !view.canOpen) return null;
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="decisions-heading" data-testid="decisions-panel">
      <h2 id="decisions-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
        {t("decisions.panel.heading")}
      </h2>
      {view.decisions.length ? (
        <ul className="mt-2 space-y-2 text-sm">
          {view.decisions.map((d) => (
            <li key={d.id}>
              <Link to={`/coalitions/${slug}/decisions/${d.id}`} dir="auto">
                {d.question}
              </Link>
              <span className="block text-xs text-slate-500">
                {d.kindLabel} · {d.open ? t("decisions.panel.openUntil", { deadline: d.deadlineText }) : d.outcomeLabel}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-xs text-slate-500">{t("decisions.panel.none")}</p>
      )}
      {view.canOpen ? (
        <Link
          to={`/coalitions/${slug}/outputs/${versionId}/decisions/new`}
          className="mt-3 inline-flex w-full items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-800 no-underline shadow-sm hover:bg-slate-50"
        >
          {t("decisions.panel.open")}
        </Link>
      ) : null}
    </section>
  );
}
