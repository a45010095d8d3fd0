import { MIN_STAKEHOLDER_GROUPS, STAKEHOLDER_GROUPS } from "../../lib/stakeholders";
import { Card } from "../form";
import { useFormat, useT } from "../../lib/i18n/react";
import type { MessageId } from "../../lib/i18n/messages";

export interface BalanceBar {
  id: string;
  label: string;
  count: number;
}

export interface BalanceView {
  total: number;
  byGroup: BalanceBar[];
  byRegion: BalanceBar[];
  groupsSpanned: number;
  meetsRule: boolean;
}

// Short labels for inside the chart (balance.short.<id>); the table beside it carries the full names.
const SHORT_IDS: ReadonlySet<string> = new Set([
  "government",
  "technical",
  "private",
  "civil",
  "academic",
  "african",
  "asia_pacific",
  "eastern_european",
  "latin_american_caribbean",
  "weog",
  "unknown",
]);

/** The forum's rule as a badge: N of 5 stakeholder groups, and whether that is enough. */
export function StakeholderRuleBadge({ groupsSpanned, meetsRule }: { groupsSpanned: number; meetsRule: boolean }) {
  const t = useT();
  const total = STAKEHOLDER_GROUPS.length;
  return meetsRule ? (
    <span className="inline-flex items-center gap-1 rounded-full bg-green-100 px-2.5 py-0.5 text-xs font-medium text-green-900" data-testid="stakeholder-rule">
      <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3.5 w-3.5 fill-current"><path d="M6.2 11.2 2.9 7.9l1.1-1.1 2.2 2.2 5.8-5.8 1.1 1.1z" /></svg>
      {t("balance.rule.meets", { count: groupsSpanned, total })}
    </span>
  ) : (
    <span className="inline-flex items-center gap-1 rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-medium text-amber-900" data-testid="stakeholder-rule">
      {t("balance.rule.needs", { min: MIN_STAKEHOLDER_GROUPS, count: groupsSpanned, total })}
    </span>
  );
}

const PERCENT = { style: "percent" } as const;

/** A server-rendered horizontal bar chart, hidden from assistive technology: the table beside it carries the data. */
export function BarChart({ bars, colour }: { bars: BalanceBar[]; colour: string }) {
  const t = useT();
  const max = Math.max(1, ...bars.map((b) => b.count));
  const row = 28;
  const labelWidth = 136;
  const barArea = 190;
  const height = bars.length * row + 4;
  return (
    <svg viewBox={`0 0 ${labelWidth + barArea + 36} ${height}`} className="h-auto w-full" aria-hidden="true" focusable="false" data-testid="balance-chart">
      {bars.map((b, i) => {
        const y = i * row + 4;
        const w = b.count ? Math.max(3, (b.count / max) * barArea) : 0;
        return (
          <g key={b.id}>
            <text x={labelWidth - 8} y={y + 14} textAnchor="end" fontSize="13" fill="#475569">
              {SHORT_IDS.has(b.id) ? t(`balance.short.${b.id}` as MessageId) : b.label}
            </text>
            <rect x={labelWidth} y={y} width={barArea} height={18} rx={3} fill="#f1f5f9" />
            {w ? <rect x={labelWidth} y={y} width={w} height={18} rx={3} fill={b.id === "unknown" ? "#94a3b8" : colour} /> : null}
            <text x={labelWidth + w + 6} y={y + 14} fontSize="13" fontWeight="600" fill="#0f172a">
              {b.count}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** The table that carries a chart's data: a count per bar, and its share of `total` when given. */
export function BalanceTable({ caption, countHeading, bars, total }: { caption: string; countHeading: string; bars: Pick<BalanceBar, "id" | "label" | "count">[]; total?: number }) {
  const percent = useFormat();
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="text-start text-xs uppercase tracking-wide text-slate-500">
          <th scope="col" className="pb-1 text-start font-semibold">{caption}</th>
          <th scope="col" className="pb-1 text-end font-semibold">{countHeading}</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {bars.map((b) => (
          <tr key={b.id}>
            <th scope="row" className="py-1 pe-2 text-start font-normal text-slate-700">{b.label}</th>
            <td className="py-1 text-end tabular-nums text-slate-900">
              <bdi>{percent.formatNumber(b.count)}</bdi>
              {total !== undefined ? (
                <>
                  {" "}
                  <bdi className="ms-1 inline-block min-w-[2.75rem] text-xs text-slate-500">{total ? percent.formatNumber(Math.round((b.count / total) * 100) / 100, PERCENT) : ""}</bdi>
                </>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The stakeholder balance card of the coalition overview. */
export function StakeholderBalance({ balance }: { balance: BalanceView }) {
  const t = useT();
  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">{t("balance.title")}</h2>
        <StakeholderRuleBadge groupsSpanned={balance.groupsSpanned} meetsRule={balance.meetsRule} />
      </div>
      <p className="mt-1 text-sm text-slate-600">
        {t("balance.intro", { count: balance.total, min: MIN_STAKEHOLDER_GROUPS })}
      </p>
      <div className="mt-5 space-y-6">
        <section aria-labelledby="balance-groups" className="grid items-start gap-4 md:grid-cols-5">
          <h3 id="balance-groups" className="text-sm font-semibold text-slate-700 md:col-span-5">{t("balance.byGroup")}</h3>
          <div className="md:col-span-3"><BarChart bars={balance.byGroup} colour="#1d6fa5" /></div>
          <div className="md:col-span-2"><BalanceTable caption={t("balance.group")} countHeading={t("balance.members")} bars={balance.byGroup} total={balance.total} /></div>
        </section>
        <section aria-labelledby="balance-regions" className="grid items-start gap-4 md:grid-cols-5">
          <h3 id="balance-regions" className="text-sm font-semibold text-slate-700 md:col-span-5">{t("balance.byRegion")}</h3>
          <div className="md:col-span-3"><BarChart bars={balance.byRegion} colour="#0f766e" /></div>
          <div className="md:col-span-2"><BalanceTable caption={t("balance.region")} countHeading={t("balance.members")} bars={balance.byRegion} total={balance.total} /></div>
        </section>
      </div>
    </Card>
  );
}
