import type { JSONContent } from "@tiptap/core";
import { markdownText } from "../lib/markdown-escape";
import type { Coalition } from "../../db/schema";
import type { DocumentListRow } from "../../db/queries/documents";
import { loadYDoc } from "./document-state.server";
import { renderHtml, renderMarkdown, yDocFromState, yDocToNode } from "./document-render.server";
import { currentLocale, t } from "../lib/i18n/messages";
import { directionOf, LOCALE_TAGS, type Locale } from "../../common/locales";
import { longDate, withdrawnNotice, type VersionWithContent } from "./versions.server";

/**
 * Downloads: a document's current draft or a published version, as Markdown or standalone HTML.
 * The lines under the title ("working draft", "version 3", "published on…") are in the language
 * of the person downloading (the request's); the document's own text is as written.
 */

export type ExportFormat = "md" | "html";
/** Every download's extension (Word files are written in docx-export.server.ts). */
export type ExportExtension = ExportFormat | "docx";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** A file name from a title: letters, digits and hyphens only (safe in Content-Disposition). */
export function fileNameFor(title: string, suffix: string, ext: ExportExtension): string {
  const base = title
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-")
    .replace(/-+/g, "-")
    .slice(0, 80) || "document";
  return `${base}${suffix}.${ext}`;
}

const STYLE = `body{font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;max-width:46rem;margin:2.5rem auto;padding:0 1.25rem}
header{border-bottom:1px solid #e2e8f0;margin-bottom:2rem;padding-bottom:1rem}header p{color:#475569;margin:.25rem 0;font-size:.9rem}
h1,h2,h3{line-height:1.25}blockquote{border-inline-start:3px solid #cbd5e1;margin-inline-start:0;padding-inline-start:1rem;color:#334155}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #cbd5e1;padding:.35rem .6rem;vertical-align:top}th{background:#f1f5f9;text-align:start}
td p,th p{margin:0}a{color:#1d4ed8}`;

/** The language of a file's own words (the reader's) and, when it differs, of its text (a translation's, an output's). */
export interface ExportLanguage {
  page: Locale;
  content?: Locale;
}

const langAttrs = (l: Locale) => `lang="${LOCALE_TAGS[l]}" dir="${directionOf(l)}"`;

/** A self-contained HTML file: no scripts, no external resources. */
export function standaloneHtml(input: { title: string; lines: string[]; bodyHtml: string; language?: ExportLanguage }): string {
  const page = input.language?.page ?? currentLocale();
  const content = input.language?.content;
  return `<!doctype html>
<html ${langAttrs(page)}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1 ${content ? langAttrs(content) : 'dir="auto"'}>${escapeHtml(input.title)}</h1>
${input.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("\n")}
</header>
<main ${content ? langAttrs(content) : 'dir="auto"'}>
${input.bodyHtml}
</main>
</body>
</html>
`;
}

export interface ExportFile {
  body: string | Uint8Array<ArrayBuffer>;
  /** ASCII only (the plain filename parameter). */
  fileName: string;
  /** The title as written (any script), for filename* (RFC 6266 / 5987). */
  unicodeName: string;
  contentType: string;
}

/** The title kept in any script, minus characters file systems refuse; spaces become hyphens (no spaces in file names). */
export function unicodeFileName(title: string, suffix: string, ext: ExportExtension): string {
  const base = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, " ").trim().replace(/\s+/g, "-").slice(0, 120) || "document";
  return `${base}${suffix}.${ext}`;
}

/** The day: "2026-12-07" in English (as before), the language's own long form otherwise. */
const date = (iso: string) => (currentLocale() === "en" ? iso.slice(0, 10) : longDate(iso));

/** An export file of any content: title, the lines under it, the body as HTML and (lazily) Markdown. */
export function exportFile(format: ExportFormat, title: string, suffix: string, lines: string[], bodyHtml: string, markdown: () => string, language?: ExportLanguage): ExportFile {
  const names = { fileName: fileNameFor(title, suffix, format), unicodeName: unicodeFileName(title, suffix, format) };
  if (format === "html") {
    return { body: standaloneHtml({ title, lines, bodyHtml, language }), ...names, contentType: "text/html; charset=utf-8" };
  }
  const header = `# ${markdownText(title)}\n\n${lines.map((l) => `_${markdownText(l)}_`).join("  \n")}\n\n`;
  return { body: header + markdown(), ...names, contentType: "text/markdown; charset=utf-8" };
}

/** The lines under a draft's title: coalition, and the day it was exported. */
export const draftLines = (coalition: Coalition) => [t("export.draftLine", { coalition: coalition.name }), t("export.exportedOn", { date: date(new Date().toISOString()) })];

/** The lines under a version's title: withdrawn (first, when it was), coalition, number and label, day published and by whom. */
export const versionLines = (coalition: Coalition, version: VersionWithContent) => [
  ...(version.withdrawn ? [t("export.withdrawnLine", { notice: withdrawnNotice(version.withdrawn) })] : []),
  t("export.versionLine", { coalition: coalition.name, number: version.number, label: version.label }),
  version.publishedBy ? t("export.publishedBy", { date: date(version.publishedAt), name: version.publishedBy }) : t("export.published", { date: date(version.publishedAt) }),
];

/** The document's current draft. */
export async function exportDraft(coalition: Coalition, doc: DocumentListRow, format: ExportFormat): Promise<ExportFile> {
  const ydoc = await loadYDoc(doc.id);
  try {
    const node = yDocToNode(ydoc);
    return exportFile(format, doc.title, "-draft", draftLines(coalition), renderHtml(node), () => renderMarkdown(node));
  } finally {
    ydoc.destroy();
  }
}

/** A published version (its stored HTML; Markdown from its stored Yjs state), its text marked with its language (`content`). */
export function exportVersion(coalition: Coalition, version: VersionWithContent, format: ExportFormat, content?: Locale, annex?: VersionAnnex): ExportFile {
  return exportFile(format, version.documentTitle, `-v${version.number}`, [...versionLines(coalition, version), ...(annex?.lines ?? [])], version.html + (annex?.html ?? ""), () => {
    const ydoc = yDocFromState(version.state);
    try {
      return renderMarkdown(yDocToNode(ydoc)) + (annex?.markdown ?? "");
    } finally {
      ydoc.destroy();
    }
  }, { page: currentLocale(), content });
}

/** What decisions add to a version's export (issue 24): "Adopted on …" lines and the dissent annex, both in the current language. */
export interface VersionAnnex {
  lines: string[];
  markdown: string;
  html: string;
  /** The annex as ProseMirror blocks, appended to the Word file's content. */
  nodes?: JSONContent[];
}

/** The Response of a download. */
export function downloadResponse(f: ExportFile): Response {
  return new Response(f.body, {
    headers: {
      "Content-Type": f.contentType,
      "Content-Disposition": `attachment; filename="${f.fileName}"; filename*=UTF-8''${encodeURIComponent(f.unicodeName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
