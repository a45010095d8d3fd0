import type { JSONContent } from "@tiptap/core";
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ILevelsOptions,
  type ParagraphChild,
} from "docx";
import type { Coalition } from "../../db/schema";
import { directionOf } from "../../common/locales";
import { currentLocale, t } from "../lib/i18n/messages";
import type { DocumentListRow } from "../../db/queries/documents";
import { yDocFromState, yDocToNode } from "./document-render.server";
import { loadYDoc } from "./document-state.server";
import { draftLines, fileNameFor, unicodeFileName, versionLines, type ExportFile, type VersionAnnex } from "./exports.server";
import type { VersionWithContent } from "./versions.server";

/**
 * A document as a Word file (.docx), written from the ProseMirror JSON the render path produces
 * (never by parsing HTML): headings as Word's Heading 1-6 styles, bulleted and numbered lists as
 * real Word lists, tables, links, quotes, code, and a title block with the coalition, version
 * label and date; page numbers in the footer. Text is escaped by the `docx` library; characters
 * XML 1.0 cannot hold at all (control characters, lone surrogates) are dropped first.
 */

export interface DocxInput {
  title: string;
  /** Lines under the title: coalition and version or draft, date. */
  lines: string[];
  content: JSONContent;
}

// Control characters other than tab/newline and unpaired surrogates are invalid in XML 1.0:
// Word refuses the whole file if one slips in, so they are removed.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const xmlSafe = (s: string) => s.replace(XML_INVALID, "");

const SAFE_LINK = /^(https?:|mailto:)/i;
const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];
const BULLETS = ["•", "◦", "▪"];
const MAX_LIST_LEVEL = 8;

/** Nine list levels, indented by half an inch each. */
function listLevels(kind: "bullet" | "ordered", start: number): ILevelsOptions[] {
  return Array.from({ length: MAX_LIST_LEVEL + 1 }, (_, level) => ({
    level,
    format: kind === "bullet" ? LevelFormat.BULLET : [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN][level % 3],
    text: kind === "bullet" ? BULLETS[level % BULLETS.length] : `%${level + 1}.`,
    start: level === 0 ? start : 1,
    alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
  }));
}

interface Marks {
  bold?: boolean;
  italics?: boolean;
  strike?: boolean;
  underline?: boolean;
  code?: boolean;
}

/** Converts block nodes to Word paragraphs and tables. One converter per file (it counts lists). */
class Converter {
  private listInstance = 0;
  /** Numbered lists' start values in use: one numbering definition each. */
  readonly orderedStarts = new Set<number>([1]);

  blocks(nodes: JSONContent[] | undefined, ctx: { quote?: boolean } = {}): (Paragraph | Table)[] {
    return (nodes ?? []).flatMap((n) => this.block(n, ctx));
  }

  private block(node: JSONContent, ctx: { quote?: boolean }): (Paragraph | Table)[] {
    switch (node.type) {
      case "heading": {
        const level = Math.min(Math.max(Number(node.attrs?.level) || 1, 1), 6);
        return [new Paragraph({ heading: HEADINGS[level - 1], children: this.inline(node.content) })];
      }
      case "paragraph":
        return [this.paragraph(node.content, ctx)];
      case "blockquote":
        return this.blocks(node.content, { ...ctx, quote: true });
      case "codeBlock": {
        const lines = (node.content ?? []).map((t) => t.text ?? "").join("").split("\n");
        return [
          new Paragraph({
            shading: { type: "clear", fill: "F1F5F9", color: "auto" },
            children: lines.map((line, i) => new TextRun({ text: xmlSafe(line), font: "Courier New", size: 20, break: i > 0 ? 1 : undefined })),
          }),
        ];
      }
      case "horizontalRule":
        return [new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "CBD5E1", space: 1 } }, children: [] })];
      case "bulletList":
      case "orderedList":
        return this.list(node, 0, ctx);
      case "table":
        return [this.table(node)];
      default:
        // Unknown blocks keep their text rather than vanish.
        return node.content ? this.blocks(node.content, ctx) : [];
    }
  }

  private paragraph(content: JSONContent[] | undefined, ctx: { quote?: boolean }, numbering?: { reference: string; level: number; instance: number }): Paragraph {
    return new Paragraph({
      children: this.inline(content, ctx.quote ? { italics: true } : {}),
      ...(ctx.quote ? { indent: { left: 720 }, border: { left: { style: BorderStyle.SINGLE, size: 12, color: "CBD5E1", space: 8 } } } : {}),
      ...(numbering ? { numbering } : {}),
    });
  }

  private list(node: JSONContent, level: number, ctx: { quote?: boolean }): (Paragraph | Table)[] {
    const ordered = node.type === "orderedList";
    const start = ordered ? Math.max(0, Math.floor(Number(node.attrs?.start ?? 1)) || 1) : 1;
    if (ordered) this.orderedStarts.add(start);
    const reference = ordered ? `ordered-${start}` : "bullet";
    const instance = ++this.listInstance;
    const clamped = Math.min(level, MAX_LIST_LEVEL);
    const out: (Paragraph | Table)[] = [];
    for (const item of node.content ?? []) {
      let numbered = false;
      for (const child of item.content ?? []) {
        if (child.type === "bulletList" || child.type === "orderedList") {
          out.push(...this.list(child, level + 1, ctx));
        } else if (child.type === "paragraph" && !numbered) {
          // The item's first paragraph carries the bullet or number; later ones are indented under it.
          out.push(this.paragraph(child.content, ctx, { reference, level: clamped, instance }));
          numbered = true;
        } else if (child.type === "paragraph") {
          out.push(new Paragraph({ indent: { left: 720 * (clamped + 1) }, children: this.inline(child.content) }));
        } else {
          out.push(...this.block(child, ctx));
        }
      }
    }
    return out;
  }

  private table(node: JSONContent): Table {
    const rows = (node.content ?? []).filter((r) => r.type === "tableRow");
    const width = Math.max(1, ...rows.map((r) => (r.content ?? []).reduce((n, c) => n + (Number(c.attrs?.colspan) || 1), 0)));
    return new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      columnWidths: Array.from({ length: width }, () => Math.floor(9000 / width)),
      rows: rows.map(
        (row, i) =>
          new TableRow({
            tableHeader: i === 0 && (row.content ?? []).every((c) => c.type === "tableHeader"),
            children: (row.content ?? []).map((cell) => {
              const header = cell.type === "tableHeader";
              const paragraphs = (cell.content ?? []).flatMap((b) =>
                b.type === "paragraph" ? [new Paragraph({ children: this.inline(b.content, header ? { bold: true } : {}) })] : this.block(b, {}),
              );
              return new TableCell({
                columnSpan: Number(cell.attrs?.colspan) > 1 ? Number(cell.attrs?.colspan) : undefined,
                rowSpan: Number(cell.attrs?.rowspan) > 1 ? Number(cell.attrs?.rowspan) : undefined,
                shading: header ? { type: "clear", fill: "F1F5F9", color: "auto" } : undefined,
                // A Word cell must hold at least one paragraph.
                children: paragraphs.length ? paragraphs : [new Paragraph({})],
              });
            }),
          }),
      ),
    });
  }

  private inline(nodes: JSONContent[] | undefined, base: Marks = {}): ParagraphChild[] {
    const out: ParagraphChild[] = [];
    for (const n of nodes ?? []) {
      if (n.type === "hardBreak") {
        out.push(new TextRun({ text: "", break: 1 }));
        continue;
      }
      if (n.type !== "text" || !n.text) continue;
      const marks: Marks = { ...base };
      let href: string | undefined;
      for (const m of n.marks ?? []) {
        if (m.type === "bold") marks.bold = true;
        else if (m.type === "italic") marks.italics = true;
        else if (m.type === "strike") marks.strike = true;
        else if (m.type === "underline") marks.underline = true;
        else if (m.type === "code") marks.code = true;
        else if (m.type === "link" && SAFE_LINK.test(String(m.attrs?.href ?? "").trim())) href = String(m.attrs!.href).trim();
      }
      const run = new TextRun({
        text: xmlSafe(n.text),
        bold: marks.bold,
        italics: marks.italics,
        strike: marks.strike,
        underline: marks.underline || href ? {} : undefined,
        font: marks.code ? "Courier New" : undefined,
        style: href ? "Hyperlink" : undefined,
      });
      out.push(href ? new ExternalHyperlink({ link: xmlSafe(href), children: [run] }) : run);
    }
    return out;
  }
}

/**
 * "Title · page 3 of 7" in the reader's language: the catalogue's sentence with Word's page
 * fields where {page} and {pages} stand.
 */
function footerParts(title: string): (string | (typeof PageNumber)[keyof typeof PageNumber])[] {
  const PAGE = "\u0001";
  const PAGES = "\u0002";
  const text = t("export.footer", { title, page: PAGE, pages: PAGES });
  return text.split(/(\u0001|\u0002)/).filter(Boolean).map((part) => (part === PAGE ? PageNumber.CURRENT : part === PAGES ? PageNumber.TOTAL_PAGES : part));
}

/** The .docx file's bytes. */
export async function renderDocx(input: DocxInput): Promise<Uint8Array<ArrayBuffer>> {
  const converter = new Converter();
  const body = converter.blocks(input.content.content);
  const title = xmlSafe(input.title);
  const rtl = directionOf(currentLocale()) === "rtl";
  const doc = new Document({
    title,
    creator: t("site.name"),
    description: xmlSafe(input.lines.join(" · ")),
    styles: { default: { document: { run: { font: "Calibri", size: 22 } } } },
    numbering: {
      config: [
        { reference: "bullet", levels: listLevels("bullet", 1) },
        ...[...converter.orderedStarts].map((start) => ({ reference: `ordered-${start}`, levels: listLevels("ordered", start) })),
      ],
    },
    sections: [
      {
        properties: { page: { margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                bidirectional: rtl,
                children: [new TextRun({ children: footerParts(title), size: 18, color: "64748B", rightToLeft: rtl })],
              }),
            ],
          }),
        },
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun({ text: title })] }),
          // The lines under the title are in the reader's language: right to left in Arabic.
          ...input.lines.map((line) => new Paragraph({ bidirectional: rtl, children: [new TextRun({ text: xmlSafe(line), color: "475569", rightToLeft: rtl })] })),
          new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "E2E8F0", space: 1 } }, children: [] }),
          ...body,
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

function docxFile(title: string, suffix: string, body: Uint8Array<ArrayBuffer>): ExportFile {
  return { body, fileName: fileNameFor(title, suffix, "docx"), unicodeName: unicodeFileName(title, suffix, "docx"), contentType: DOCX_TYPE };
}

/** The document's current draft as a Word file (from its durable Yjs state, as the other exports). */
export async function exportDraftDocx(coalition: Coalition, doc: DocumentListRow): Promise<ExportFile> {
  const ydoc = await loadYDoc(doc.id);
  try {
    const content = yDocToNode(ydoc).toJSON() as JSONContent;
    return docxFile(doc.title, "-draft", await renderDocx({ title: doc.title, lines: draftLines(coalition), content }));
  } finally {
    ydoc.destroy();
  }
}

/** A published version as a Word file (from its stored Yjs state), with its adoption lines and dissent annex (issue 24). */
export async function exportVersionDocx(coalition: Coalition, version: VersionWithContent, annex?: VersionAnnex): Promise<ExportFile> {
  const ydoc = yDocFromState(version.state);
  try {
    const json = yDocToNode(ydoc).toJSON() as JSONContent;
    const content = { ...json, content: [...(json.content ?? []), ...(annex?.nodes ?? [])] };
    const lines = [...versionLines(coalition, version), ...(annex?.lines ?? [])];
    return docxFile(version.documentTitle, `-v${version.number}`, await renderDocx({ title: version.documentTitle, lines, content }));
  } finally {
    ydoc.destroy();
  }
}
