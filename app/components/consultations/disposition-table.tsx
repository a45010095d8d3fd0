import { useT } from "../../lib/i18n/react";
import type { DispositionRowData } from "./types";

/** The published disposition table of a closed consultation, with its downloads. */
export function DispositionTable({ rows, base }: { rows: DispositionRowData[]; base: string }) {
  const t = useT();
  const link = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 no-underline shadow-sm hover:bg-slate-50";
  return (
    <section id="disposition" aria-labelledby="disposition-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6" data-testid="disposition">
      <h2 id="disposition-heading" className="text-lg font-semibold">{t("disposition.heading")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("disposition.intro")}</p>
      <div className="mt-3 flex flex-wrap gap-2">
        <a href={`${base}/disposition.md`} download className={link}>{t("disposition.download.md")}</a>
        <a href={`${base}/disposition.html`} download className={link}>{t("disposition.download.html")}</a>
        <a href={`${base}/disposition.csv`} download className={link}>{t("disposition.download.csv")}</a>
      </div>
      {rows.length ? (
        <div className="mt-4 overflow-x-auto">
          <table className="w-full text-sm" data-testid="disposition-table">
            <caption className="sr-only">{t("disposition.heading")}</caption>
            <thead>
              <tr className="border-b border-slate-300 text-xs uppercase tracking-wide text-slate-600">
                <th scope="col" className="py-2 pe-3 text-start">{t("disposition.paragraph")}</th>
                <th scope="col" className="py-2 pe-3 text-start">{t("disposition.comment")}</th>
                <th scope="col" className="py-2 pe-3 text-start">{t("disposition.commenter")}</th>
                <th scope="col" className="py-2 pe-3 text-start">{t("disposition.group")}</th>
                <th scope="col" className="py-2 pe-3 text-start">{t("disposition.answer")}</th>
                <th scope="col" className="py-2 text-start">{t("disposition.reason")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 align-top">
              {rows.map((r, i) => (
                <tr key={i} data-testid="disposition-row">
                  <th scope="row" className="py-2 pe-3 text-start font-semibold tabular-nums">{r.paragraph}</th>
                  <td className="whitespace-pre-line py-2 pe-3"><bdi>{r.comment}</bdi></td>
                  <td className="py-2 pe-3"><bdi>{r.commenter}</bdi></td>
                  <td className="py-2 pe-3">{r.group}</td>
                  <td className="py-2 pe-3 font-medium">{r.answer}</td>
                  <td className="whitespace-pre-line py-2"><bdi>{r.reason}</bdi></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="mt-3 text-sm text-slate-600">{t("disposition.empty")}</p>
      )}
    </section>
  );
}
