import { Link } from "@remix-run/react";
import { Card } from "../form";
import { formatDateTime } from "./format";
import { useT } from "../../lib/i18n/react";

export interface AuditView {
  entries: Array<{ id: number; action: string; at: string; text: string; reason: string | null }>;
  page: number;
  pages: number;
  total: number;
}

/** The coalition's membership history for coordinators: newest first, paged with ?audit=N. */
export function AuditLog({ audit }: { audit: AuditView }) {
  const t = useT();
  return (
    <Card>
      <div className="flex items-baseline justify-between gap-3">
        <h2 className="text-lg font-semibold">{t("audit.title")}</h2>
        <span className="text-xs text-slate-500">{t("audit.count", { count: audit.total })}</span>
      </div>
      {audit.entries.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500">{t("audit.empty")}</p>
      ) : (
        <ol className="mt-3 divide-y divide-slate-100" data-testid="audit-log">
          {audit.entries.map((e) => (
            <li key={e.id} className="py-2 text-sm" data-action={e.action}>
              <p className="text-slate-800">{e.text}</p>
              {e.reason ? <p className="mt-0.5 text-slate-600">{t("audit.reason", { reason: e.reason })}</p> : null}
              <p className="mt-0.5 text-xs text-slate-500">
                <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              </p>
            </li>
          ))}
        </ol>
      )}
      {audit.pages > 1 ? (
        <nav aria-label={t("audit.pages")} className="mt-3 flex items-center justify-between text-sm">
          {audit.page > 1 ? <Link to={`?audit=${audit.page - 1}`} preventScrollReset>
              <span aria-hidden="true" className="inline-block rtl:-scale-x-100">←</span> {t("audit.newer")}
            </Link> : <span />}
          <span className="text-slate-500">{t("audit.page", { page: audit.page, pages: audit.pages })}</span>
          {audit.page < audit.pages ? <Link to={`?audit=${audit.page + 1}`} preventScrollReset>
              {t("audit.older")} <span aria-hidden="true" className="inline-block rtl:-scale-x-100">→</span>
            </Link> : <span />}
        </nav>
      ) : null}
    </Card>
  );
}
