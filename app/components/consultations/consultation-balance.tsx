import { Card } from "../form";
import { BalanceTable, BarChart } from "../membership/stakeholder-balance";
import { useT } from "../../lib/i18n/react";

interface Bar {
  id: string;
  label: string;
  count: number;
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
        <BalanceTable caption={t("consultation.balance.group")} countHeading={t("consultation.balance.comments")} bars={balance.byGroup} />
      </section>
      <section aria-labelledby="consultation-regions" className="mt-4 space-y-2">
        <h3 id="consultation-regions" className="text-sm font-semibold text-slate-700">{t("consultation.balance.byRegion")}</h3>
        <BarChart bars={balance.byRegion} colour="#0f766e" />
        <BalanceTable caption={t("consultation.balance.region")} countHeading={t("consultation.balance.comments")} bars={balance.byRegion} />
      </section>
    </Card>
  );
}
