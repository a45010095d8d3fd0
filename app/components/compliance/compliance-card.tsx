import { Link } from "@remix-run/react";
import { useT } from "../../lib/i18n/react";
import { Card } from "../form";
import { ComplianceChecklist, type ChecklistItemView } from "./checklist";
import { ReportDraft, type ReportYearView } from "./report-draft";

/** The coalition overview's card: the forum checklist for everyone, and "Draft the report" for coordinators. */
export function ComplianceCard({ slug, items, years }: { slug: string; items: ChecklistItemView[]; years: ReportYearView[] | null }) {
  const t = useT();
  return (
    <Card>
      <h2 id="compliance-heading" className="text-lg font-semibold">
        {t("compliance.title")}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t("compliance.intro")}</p>
      <ComplianceChecklist items={items} />
      <p className="mt-3 text-sm">
        <Link to={`/coalitions/${slug}/compliance`} className="text-brand-700 underline">
          {t("compliance.details")}
        </Link>
      </p>
      {years ? (
        <div className="mt-5 border-t border-slate-100 pt-4">
          <ReportDraft slug={slug} years={years} />
        </div>
      ) : null}
    </Card>
  );
}
