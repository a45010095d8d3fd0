import { getDb } from "../../../db/client";
import { listLiveCoalitions } from "../../../db/queries/reports";
import { t } from "../../lib/i18n/messages";
import type { RequestUser } from "../../load-context";
import { CHECK_IDS, checkLabel, complianceOf, type CheckId, type CheckStatus, type ComplianceItem } from "./compliance.server";

/** The secretariat's view (site administrators; the route asks `requireSiteAdmin`): every live coalition's checklist. */

export type SortKey = "name" | CheckId;
export const SORT_KEYS: readonly SortKey[] = ["name", ...CHECK_IDS];
const RANK: Record<CheckStatus, number> = { fail: 0, na: 1, pass: 2 };

export interface ComplianceRow {
  slug: string;
  name: string;
  items: Record<CheckId, ComplianceItem>;
  passed: number;
}

export function parseSort(sort: string | null, dir: string | null): { key: SortKey; dir: "asc" | "desc" } {
  const key = SORT_KEYS.includes(sort as SortKey) ? (sort as SortKey) : "name";
  return { key, dir: dir === "desc" ? "desc" : "asc" };
}

/** Rows sorted by name, or by one item's status (failing first when ascending), ties by name. */
export async function complianceTable(_admin: RequestUser, sort: { key: SortKey; dir: "asc" | "desc" }, at: Date = new Date()): Promise<ComplianceRow[]> {
  const rows: ComplianceRow[] = [];
  for (const c of await listLiveCoalitions(getDb())) {
    const list = await complianceOf(c, at);
    rows.push({ slug: c.slug, name: c.name, items: Object.fromEntries(list.map((i) => [i.id, i])) as Record<CheckId, ComplianceItem>, passed: list.filter((i) => i.status === "pass").length });
  }
  const byName = (a: ComplianceRow, b: ComplianceRow) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug);
  const sign = sort.dir === "desc" ? -1 : 1;
  return rows.sort((a, b) => {
    if (sort.key === "name") return sign * byName(a, b);
    return sign * (RANK[a.items[sort.key].status] - RANK[b.items[sort.key].status]) || byName(a, b);
  });
}

/** A CSV cell: quoted, and a leading = + - @ tab or carriage return neutralised so no spreadsheet runs it as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function statusWord(status: CheckStatus): string {
  return t(status === "pass" ? "compliance.status.pass" : status === "fail" ? "compliance.status.fail" : "compliance.status.na");
}

/** The table as CSV (RFC 4180, CRLF): coalition, address, then each item's status and what was found. */
export function complianceCsv(rows: ComplianceRow[], origin: string, at: Date = new Date()): string {
  const header = [t("compliance.csv.coalition"), t("compliance.csv.address"), ...CHECK_IDS.flatMap((id) => [checkLabel(id, at), t("compliance.csv.details", { item: checkLabel(id, at) })])];
  const lines = rows.map((r) => [r.name, new URL(`/coalitions/${r.slug}`, origin).href, ...CHECK_IDS.flatMap((id) => [statusWord(r.items[id].status), r.items[id].summary])]);
  return [header, ...lines].map((cells) => cells.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
