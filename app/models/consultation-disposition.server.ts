import { getDb } from "../../db/client";
import { listComments, type CommentRow } from "../../db/queries/consultations";
import { escapeHtml } from "../lib/mail/templates";
import { t } from "../lib/i18n/messages";
import { stakeholderLabel } from "../lib/stakeholders";
import { refusal, type Refusal } from "../lib/policy";
import { consultationClosed, type Consultation } from "./consultations.server";
import { longDate } from "./versions.server";

/**
 * The disposition table of a closed consultation (issue 26): one row per comment (replies are
 * conversation, not positions), in paragraph order, with the commenter, the stakeholder group
 * they spoke for, the coordinators' answer and its reason. Published once the consultation is
 * closed, on its page and as Markdown, HTML and CSV (in the reader's language).
 */

export interface DispositionRow {
  paragraph: string;
  comment: string;
  commenter: string;
  group: string;
  answer: string;
  reason: string;
}

export const paragraphLabel = (from: number, to: number) => (from === to ? String(from) : `${from}–${to}`);

export function answerLabel(answer: string | null): string {
  return answer ? t(`consultation.answer.${answer}` as never) : t("disposition.unanswered");
}

export function dispositionRows(comments: CommentRow[]): DispositionRow[] {
  return comments
    .filter((c) => !c.parent_id)
    .sort((a, b) => Number(a.paragraph_from) - Number(b.paragraph_from) || Number(a.paragraph_to) - Number(b.paragraph_to) || a.created_at.localeCompare(b.created_at))
    .map((c) => ({
      paragraph: paragraphLabel(Number(c.paragraph_from), Number(c.paragraph_to)),
      comment: c.hidden_at ? t("consultation.hiddenNotice", { reason: c.hidden_reason ?? "" }) : c.body,
      commenter: c.author_name ? (c.author_organization ? `${c.author_name} (${c.author_organization})` : c.author_name) : t("consultation.formerAccount"),
      group: stakeholderLabel(c.stakeholder_group),
      answer: answerLabel(c.answer),
      reason: c.answer_reason ?? "",
    }));
}

/** The table's rows, or a 409 while the consultation is still open (the table is published at the close). */
export async function publishedDisposition(c: Consultation): Promise<{ ok: true; rows: DispositionRow[] } | Refusal> {
  if (!consultationClosed(c)) return refusal(409, t("disposition.notYet"));
  return { ok: true, rows: dispositionRows(await listComments(getDb(), c.id)) };
}

const headers = () => [t("disposition.paragraph"), t("disposition.comment"), t("disposition.commenter"), t("disposition.group"), t("disposition.answer"), t("disposition.reason")];
const cells = (r: DispositionRow) => [r.paragraph, r.comment, r.commenter, r.group, r.answer, r.reason];
const title = (c: Consultation) => t("disposition.title", { title: c.document_title, number: Number(c.version_number) });

/**
 * A CSV cell, quoted, safe to open in a spreadsheet: a cell that starts like a formula
 * (= + - @, tab, carriage return) gets a leading apostrophe so it stays text.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function dispositionCsv(rows: DispositionRow[]): string {
  return "\uFEFF" + [headers(), ...rows.map(cells)].map((line) => line.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** A Markdown table cell: pipes escaped, line breaks as <br> (GFM tables are one line per row), HTML inert. */
function mdCell(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/\r?\n/g, "<br>");
}

export function dispositionMarkdown(c: Consultation, rows: DispositionRow[]): string {
  const lines = [`# ${mdCell(title(c))}`, "", t("disposition.closedOn", { date: longDate(c.closed_at ?? c.closes_at) }), "", `| ${headers().join(" | ")} |`, `|${headers().map(() => " --- ").join("|")}|`];
  for (const r of rows) lines.push(`| ${cells(r).map(mdCell).join(" | ")} |`);
  if (!rows.length) lines.push("", t("disposition.empty"));
  return lines.join("\n") + "\n";
}

export function dispositionHtml(c: Consultation, rows: DispositionRow[], lang: string, dir: "ltr" | "rtl"): string {
  const head = headers().map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${cells(r).map((v, i) => (i === 0 ? `<th scope="row">${escapeHtml(v)}</th>` : `<td>${escapeHtml(v).replace(/\n/g, "<br>")}</td>`)).join("")}</tr>`).join("\n");
  return `<!doctype html>
<html lang="${escapeHtml(lang)}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(title(c))}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}th,td{border:1px solid #cbd5e1;padding:.4rem .6rem;text-align:start;vertical-align:top}thead th{background:#f1f5f9}</style></head>
<body><h1>${escapeHtml(title(c))}</h1><p>${escapeHtml(t("disposition.closedOn", { date: longDate(c.closed_at ?? c.closes_at) }))}</p>
<table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>${rows.length ? "" : `<p>${escapeHtml(t("disposition.empty"))}</p>`}</body></html>
`;
}

export type DispositionFormat = "csv" | "md" | "html";

const CONTENT_TYPES: Record<DispositionFormat, string> = {
  csv: "text/csv; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
};

/** The download of a closed consultation's disposition table (a 409 with the reason while it is open). */
export async function dispositionDownload(c: Consultation, format: DispositionFormat, lang: string, dir: "ltr" | "rtl"): Promise<Response> {
  const published = await publishedDisposition(c);
  if (!published.ok) return new Response(published.message, { status: published.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const body = format === "csv" ? dispositionCsv(published.rows) : format === "md" ? dispositionMarkdown(c, published.rows) : dispositionHtml(c, published.rows, lang, dir);
  const name = `disposition-version-${Number(c.version_number)}.${format}`;
  return new Response(body, {
    headers: {
      "Content-Type": CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      // The HTML export is a file to keep, never a page that runs anything.
      ...(format === "html" ? { "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'" } : {}),
    },
  });
}
