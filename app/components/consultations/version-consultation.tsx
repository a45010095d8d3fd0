import { Link } from "@remix-run/react";
import { useT } from "../../lib/i18n/react";

export interface VersionConsultationData {
  here: { id: string; closed: boolean; closesAt: string } | null;
  answers: { id: string; number: number } | null;
  canOpen: boolean;
}

/** The version page's consultation box: the one held on it, the one it answers, and (coordinators) the way to open one. */
export function VersionConsultation({ slug, versionId, data }: { slug: string; versionId: string; data: VersionConsultationData }) {
  const t = useT();
  if (!data.here && !data.answers && !data.canOpen) return null;
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="consultation-box-heading" data-testid="version-consultation">
      <h2 id="consultation-box-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
        {t("consultation.version.heading")}
      </h2>
      {data.answers ? (
        <p className="mt-2 text-sm" data-testid="answers-consultation">
          <Link to={`/coalitions/${slug}/consultations/${data.answers.id}`}>{t("consultation.version.answers", { number: data.answers.number })}</Link>
        </p>
      ) : null}
      {data.here ? (
        <p className="mt-2 text-sm">
          <Link to={`/coalitions/${slug}/consultations/${data.here.id}`} data-testid="consultation-link">
            {data.here.closed ? t("consultation.version.closed") : t("consultation.version.open")}
          </Link>
        </p>
      ) : null}
      {data.canOpen ? (
        <p className="mt-2 text-sm">
          <Link to={`/coalitions/${slug}/outputs/${versionId}/consult`} data-testid="open-consultation">{t("consultation.version.openNew")}</Link>
        </p>
      ) : null}
    </section>
  );
}
