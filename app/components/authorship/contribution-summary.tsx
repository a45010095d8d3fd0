import type { ReactNode } from "react";
import { useFormat, useT } from "../../lib/i18n/react";
import type { ContributionShare, ContributionSummary } from "../../lib/contributions";

const PERCENT = { style: "percent", maximumFractionDigits: 1 } as const;

/** The share bar of one row: drawn for sighted readers, hidden from assistive technology (the cell beside it says the number). */
function ShareBar({ share }: { share: number }) {
  const width = Math.round(share * 1000) / 10;
  return (
    <svg viewBox="0 0 100 8" preserveAspectRatio="none" className="h-2 w-24 sm:w-40" aria-hidden="true" focusable="false">
      <rect x="0" y="0" width="100" height="8" rx="2" fill="#e2e8f0" />
      {width > 0 ? <rect x="0" y="0" width={Math.max(1, width)} height="8" rx="2" fill="#1d4ed8" /> : null}
    </svg>
  );
}

function personName(p: ContributionShare, t: ReturnType<typeof useT>): string {
  if (p.kind === "former") return t("authorship.former");
  if (p.kind === "unknown") return t("authorship.unknown");
  return p.name;
}

interface ShareRow {
  key: string;
  name: ReactNode;
  share: number;
  characters: number;
}

/** One table of shares: a name per row, its share in words, and a bar. */
function ShareTable({ caption, heading, testId, rows }: { caption: string; heading: string; testId: string; rows: ShareRow[] }) {
  const t = useT();
  const { formatNumber } = useFormat();
  return (
    <table className="w-full text-sm" data-testid={testId}>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="text-start text-xs uppercase tracking-wide text-slate-500">
          <th scope="col" className="py-1 text-start font-semibold">{heading}</th>
          <th scope="col" className="py-1 text-end font-semibold">{t("authorship.summary.share")}</th>
          <th scope="col" className="py-1"><span className="sr-only">{t("authorship.summary.bar")}</span></th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} className="border-t border-slate-100">
            <th scope="row" className="py-1.5 text-start font-medium">{r.name}</th>
            <td className="py-1.5 text-end tabular-nums">
              {formatNumber(r.share, PERCENT)}
              <span className="sr-only"> · {t("authorship.summary.characters", { count: r.characters })}</span>
            </td>
            <td className="py-1.5 ps-3"><ShareBar share={r.share} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A version's contribution summary (issue 23): the share of its text each person typed, and each
 * stakeholder group, as two tables with a bar per row.
 */
export function ContributionSummaryPanel({ summary }: { summary: ContributionSummary }) {
  const t = useT();
  if (summary.total === 0) return null;
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="contributions-heading" data-testid="contributions">
      <h2 id="contributions-heading" className="text-base font-semibold">
        {t("authorship.summary.heading")}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t("authorship.summary.intro", { count: summary.total })}</p>
      <div className="mt-3 grid gap-4 lg:grid-cols-2">
        <ShareTable
          caption={t("authorship.summary.byPerson")}
          heading={t("authorship.summary.person")}
          testId="contributions-people"
          rows={summary.people.map((p) => ({
            key: p.key,
            name: (
              <span dir="auto">
                {personName(p, t)}
                {p.handle ? <span className="ms-1 font-normal text-slate-500">@{p.handle}</span> : null}
              </span>
            ),
            share: p.share,
            characters: p.characters,
          }))}
        />
        <ShareTable
          caption={t("authorship.summary.byGroup")}
          heading={t("authorship.summary.group")}
          testId="contributions-groups"
          rows={summary.groups.map((g) => ({ key: g.id, name: g.label, share: g.share, characters: g.characters }))}
        />
      </div>
    </section>
  );
}
