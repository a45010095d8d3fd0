import { markdownText } from "../lib/markdown-escape";
import { t } from "../lib/i18n/messages";
import { openCommentFootnotes } from "./comment-views.server";
import type { ExportFile, ExportFormat } from "./exports.server";

/**
 * A draft's download with its open comments as numbered notes at the end (issue 23; the download
 * routes' `?comments=1`). Each note quotes the commented text and gives the comment and its replies
 * with their authors. Comments' Markdown is written as text (escaped), never as markup.
 */

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export async function withOpenComments(file: ExportFile, format: ExportFormat, documentId: string): Promise<ExportFile> {
  const notes = await openCommentFootnotes(documentId);
  if (!notes.length || typeof file.body !== "string") return file;
  if (format === "md") {
    const lines = notes.map((n, i) => {
      const said = n.lines.map((l) => `${markdownText(l.author)}: ${markdownText(l.text.replace(/\s+/g, " "))}`).join(" — ");
      return `[^c${i + 1}]: ${markdownText(t("comments.export.on", { quote: n.quote }))} ${said}`;
    });
    const refs = notes.map((_, i) => `[^c${i + 1}]`).join(" ");
    return { ...file, body: `${file.body.trimEnd()}\n\n---\n\n## ${markdownText(t("comments.export.heading"))} ${refs}\n\n${lines.join("\n")}\n` };
  }
  const items = notes
    .map((n, i) => `<li id="comment-note-${i + 1}"><p><em dir="auto">${escapeHtml(t("comments.export.on", { quote: n.quote }))}</em></p>${n.lines.map((l) => `<p dir="auto"><strong>${escapeHtml(l.author)}</strong>: ${escapeHtml(l.text)}</p>`).join("")}</li>`)
    .join("\n");
  const section = `<section aria-labelledby="open-comments"><hr>\n<h2 id="open-comments">${escapeHtml(t("comments.export.heading"))}</h2>\n<ol>\n${items}\n</ol></section>\n`;
  return { ...file, body: file.body.replace("</main>", `${section}</main>`) };
}
