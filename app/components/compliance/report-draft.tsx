import { Form, Link } from "@remix-run/react";
import { useT } from "../../lib/i18n/react";
import { Button } from "../form";

export interface ReportYearView {
  year: number;
  documentId: string | null;
  versionId: string | null;
}

/** "Draft the report for YEAR" (coordinators): one button per year, or a link to the report already drafted. */
export function ReportDraft({ slug, years }: { slug: string; years: ReportYearView[] }) {
  const t = useT();
  return (
    <div data-testid="report-draft">
      <h2 className="text-lg font-semibold">{t("report.draft.title")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("report.draft.intro")}</p>
      <ul className="mt-3 space-y-2">
        {years.map((y) => (
          <li key={y.year} className="flex flex-wrap items-center gap-3">
            {y.documentId ? (
              <Link to={`/coalitions/${slug}/documents/${y.documentId}`} className="text-brand-700 underline">
                {t("report.draft.open", { year: String(y.year) })}
              </Link>
            ) : (
              <Form method="post" action={`/coalitions/${slug}/compliance`}>
                <input type="hidden" name="intent" value="draft" />
                <input type="hidden" name="year" value={y.year} />
                <Button type="submit" variant={y === years[0] ? "primary" : "secondary"}>
                  {t("report.draft.submit", { year: String(y.year) })}
                </Button>
              </Form>
            )}
            {y.versionId ? (
              <Link to={`/coalitions/${slug}/outputs/${y.versionId}`} className="text-sm text-brand-700 underline">
                {t("report.draft.published", { year: String(y.year) })}
              </Link>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
