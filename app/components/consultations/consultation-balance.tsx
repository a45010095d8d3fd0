import { Card } from "../form";
import { BarChart } from "../membership/stakeholder-balance";
import { useFormat, useT } from "../../lib/i18n/react";

interface Bar {
  id: string;
  label: string;
  count: number;
}

function CountTable({ caption, bars }: { caption: string; bars: Bar[] }) {
  const t = useT();
  const f = useFormat();
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="text-xs uppercase tracking-wide text-slate-500">
          <th scope="col" className="pb-1 text-start font-semibold">{caption}</th>
          <th scope="col" className="pb-1 text-end font-semibold">{t("consultation.balance.comments")}</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {bars.map((b) => (
          <tr key={b.id}>
            <th scope="row" className="py-1 pe-2 text-start font-normal text-slate-700">{b.label}</th>
            <td className="py-1 text-end tabular-nums text-slate-900"><bdi>{f.formatNumber(b.count)}</bdi></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Who was heard: comments per stakeholder group and per region (a chart, and the table that carries the data). */
export function ConsultationBalance({ balance }: { balance: { total: number; byGroup: Bar[]; byRegion: Bar[] } }) {
  const t = useT();
  return (
    <Card>
      <h2 className="text-base font-semibold">{t("consultation.balance.title")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("consultation.balance.intro", { count: balance.total })}</p>
      <section aria-labelledby="consultation-groups" className="mt-4 space-y-2" data-testid="consultation-balance-groups">
        <h3 id="consultation-groups" className="text-sm font-semibold text-slate-700">{t("consultation.balance.byGroup")}</h3>
        <BarChart bars={balance.byGroup} colour="#1d6fa5" />
        <CountTable caption={t("consultation.balance.group")} bars={balance.byGroup} />
      </section>
      <section aria-labelledby="consultation-regions" className="mt-4 space-y-2">
        <h3 id="consultation-regions" className="text-sm font-semibold text-slate-700">{t("consultation.balance.byRegion")}</h3>
        <BarChart bars={balance.byRegion} colour="#0f766e" />
        <CountTable caption={t("consultation.balance.region")} bars={balance.byRegion} />
      </section>
    </Card>
  );
}
