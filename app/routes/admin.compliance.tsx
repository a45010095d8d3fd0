import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { requireSiteAdmin } from "../models/access.server";
import { checkLabel, CHECK_IDS } from "../models/compliance/compliance.server";
import { complianceTable, parseSort, SORT_KEYS } from "../models/compliance/admin-compliance.server";

export const meta: MetaFunction = () => [{ title: t("compliance.admin.metaTitle") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const admin = requireSiteAdmin(context, request);
  const url = new URL(request.url);
  const sort = parseSort(url.searchParams.get("sort"), url.searchParams.get("dir"));
  const rows = await complianceTable(admin, sort);
  return {
    sort,
    columns: SORT_KEYS.map((key) => ({ key, label: key === "name" ? t("compliance.csv.coalition") : checkLabel(key as (typeof CHECK_IDS)[number]) })),
    rows: rows.map((r) => ({ slug: r.slug, name: r.name, cells: CHECK_IDS.map((id) => ({ id, status: r.items[id].status, summary: r.items[id].summary, todo: r.items[id].todo })) })),
  };
}

const GLYPH = { pass: "✓", fail: "✗", na: "–" } as const;
const WORD = { pass: "compliance.status.pass", fail: "compliance.status.fail", na: "compliance.status.na" } as const;
const ARROW = { asc: " ▲", desc: " ▼" } as const;
const TONE = { pass: "text-green-800", fail: "text-red-800", na: "text-slate-600" } as const;

export default function AdminCompliance() {
  const { sort, columns, rows } = useLoaderData<typeof loader>();
  const t = useT();
  const query = (key: string) => `?sort=${key}&dir=${sort.key === key && sort.dir === "asc" ? "desc" : "asc"}`;
  return (
    <div className="mx-auto max-w-7xl">
      <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">{t("compliance.admin.title")}</h1>
      <p className="mt-1 text-slate-600">{t("compliance.admin.intro")}</p>
      <p className="mt-3">
        <a href={`/admin/compliance.csv?sort=${sort.key}&dir=${sort.dir}`} className="text-brand-700 underline" download>
          {t("compliance.admin.csv")}
        </a>
      </p>
      {rows.length === 0 ? (
        <p className="mt-6 text-slate-600">{t("compliance.admin.none")}</p>
      ) : (
        <div className="mt-6 overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-labelledby="compliance-caption" tabIndex={0}>
          <table className="min-w-full text-sm" data-testid="compliance-table">
            <caption id="compliance-caption" className="sr-only">
              {t("compliance.admin.caption")}
            </caption>
            <thead className="bg-slate-50">
              <tr>
                {columns.map((c) => (
                  <th key={c.key} scope="col" className="px-3 py-2 text-start align-bottom font-semibold" aria-sort={sort.key === c.key ? (sort.dir === "asc" ? "ascending" : "descending") : undefined}>
                    <Link to={query(c.key)} className="text-slate-900 underline decoration-slate-300" data-sort={c.key}>
                      {c.label}
                      {sort.key === c.key ? <span aria-hidden="true">{ARROW[sort.dir]}</span> : null}
                    </Link>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={r.slug} data-coalition={r.slug}>
                  <th scope="row" className="px-3 py-2 text-start font-medium">
                    <Link to={`/coalitions/${r.slug}/compliance`}>{r.name}</Link>
                  </th>
                  {r.cells.map((cell) => (
                    <td key={cell.id} className={`px-3 py-2 align-top ${TONE[cell.status]}`} data-check={cell.id} data-status={cell.status} title={cell.summary}>
                      <span aria-hidden="true">{GLYPH[cell.status]} </span>
                      {t(WORD[cell.status])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
