import { BarChart } from "../membership/stakeholder-balance";
import { useFormat, useT } from "../../lib/i18n/react";

interface Column {
  id: string;
  label: string;
}
interface TallyRow {
  id: string;
  label: string;
  counts: Record<string, number>;
  people: number;
}
export interface TalliesView {
  columns: Column[];
  total: number;
  byStance: Array<Column & { count: number }>;
  byGroup: TallyRow[];
  byRegion: TallyRow[];
}

/** Rows (groups or regions) × columns (stances or options): the accessible table beside each chart. */
function CrossTable({ caption, rowHeader, rows, columns }: { caption: string; rowHeader: string; rows: TallyRow[]; columns: Column[] }) {
  const t = useT();
  const f = useFormat();
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="text-xs uppercase tracking-wide text-slate-500">
            <th scope="col" className="pb-1 pe-2 text-start font-semibold">{rowHeader}</th>
            {columns.map((c) => (
              <th key={c.id} scope="col" className="pb-1 pe-2 text-end font-semibold" dir="auto">
                {c.label}
              </th>
            ))}
            <th scope="col" className="pb-1 text-end font-semibold">{t("decisions.results.people")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.id} data-testid={`tally-${r.id}`}>
              <th scope="row" className="py-1 pe-2 text-start font-normal text-slate-700">{r.label}</th>
              {columns.map((c) => (
                <td key={c.id} className="py-1 pe-2 text-end tabular-nums">
                  {f.formatNumber(r.counts[c.id] ?? 0)}
                </td>
              ))}
              <td className="py-1 text-end font-semibold tabular-nums">{f.formatNumber(r.people)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A decision's results: by stance (or option), by stakeholder group and by region; each chart has its table. */
export function DecisionResults({ tallies }: { tallies: TalliesView }) {
  const t = useT();
  const f = useFormat();
  const participants = (rows: TallyRow[]) => rows.map((r) => ({ id: r.id, label: r.label, count: r.people }));
  return (
    <div className="space-y-6" data-testid="decision-results">
      <section aria-labelledby="results-stance" className="grid items-start gap-4 md:grid-cols-5">
        <h3 id="results-stance" className="text-sm font-semibold text-slate-700 md:col-span-5">{t("decisions.results.byStance")}</h3>
        <div className="md:col-span-3">
          <BarChart bars={tallies.byStance} colour="#7c3aed" />
        </div>
        <table className="w-full text-sm md:col-span-2">
          <caption className="sr-only">{t("decisions.results.byStance")}</caption>
          <thead>
            <tr className="text-xs uppercase tracking-wide text-slate-500">
              <th scope="col" className="pb-1 text-start font-semibold">{t("decisions.results.answer")}</th>
              <th scope="col" className="pb-1 text-end font-semibold">{t("decisions.results.people")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {tallies.byStance.map((s) => (
              <tr key={s.id} data-testid={`stance-count-${s.id}`}>
                <th scope="row" className="py-1 pe-2 text-start font-normal text-slate-700" dir="auto">{s.label}</th>
                <td className="py-1 text-end tabular-nums">{f.formatNumber(s.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="results-groups" className="grid items-start gap-4 md:grid-cols-5">
        <h3 id="results-groups" className="text-sm font-semibold text-slate-700 md:col-span-5">{t("decisions.results.byGroup")}</h3>
        <div className="md:col-span-2">
          <BarChart bars={participants(tallies.byGroup)} colour="#1d6fa5" />
        </div>
        <div className="md:col-span-3">
          <CrossTable caption={t("decisions.results.byGroup")} rowHeader={t("balance.group")} rows={tallies.byGroup} columns={tallies.columns} />
        </div>
      </section>
      <section aria-labelledby="results-regions" className="grid items-start gap-4 md:grid-cols-5">
        <h3 id="results-regions" className="text-sm font-semibold text-slate-700 md:col-span-5">{t("decisions.results.byRegion")}</h3>
        <div className="md:col-span-2">
          <BarChart bars={participants(tallies.byRegion)} colour="#0f766e" />
        </div>
        <div className="md:col-span-3">
          <CrossTable caption={t("decisions.results.byRegion")} rowHeader={t("balance.region")} rows={tallies.byRegion} columns={tallies.columns} />
        </div>
      </section>
    </div>
  );
}
