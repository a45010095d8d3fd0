import type { JSONContent } from "@tiptap/core";
import { diffArrays } from "diff";
import { t } from "./i18n/messages";
import { compareTexts, type DiffPart } from "./word-diff";

/**
 * A structural comparison of two documents (ProseMirror JSON, older → newer): the text blocks
 * (headings, paragraphs, list items, table cells, quotes, code) are lined up block by block, and
 * only a block that changed is compared word by word. So a heading edit stays a heading edit, and
 * a changed table cell is shown as that cell, never as text flattened across cells.
 */

/** What a block is, so the comparison can say it in words ("Heading 2", "List item", "Table cell, row 2, column 1"). */
export type BlockKind =
  | { type: "heading"; level: number }
  | { type: "paragraph" }
  | { type: "list-item"; ordered: boolean; depth: number }
  | { type: "table-cell"; row: number; column: number; header: boolean }
  | { type: "quote" }
  | { type: "code" };

export interface Block {
  kind: BlockKind;
  text: string;
}

export interface BlockChange {
  /** same: unchanged; added / removed: the whole block; changed: the same block with its words compared. */
  change: "same" | "added" | "removed" | "changed";
  kind: BlockKind;
  parts: DiffPart[];
}

function textOf(node: JSONContent): string {
  if (node.type === "text") return node.text ?? "";
  if (node.type === "hardBreak") return "\n";
  return (node.content ?? []).map(textOf).join("");
}

const TEXTBLOCKS = new Set(["paragraph", "heading", "codeBlock"]);

/** The document's text blocks in reading order, each with what it is. Empty blocks are skipped. */
export function blocksOf(doc: JSONContent): Block[] {
  const blocks: Block[] = [];
  const walk = (node: JSONContent, ctx: { list?: { ordered: boolean; depth: number }; cell?: { row: number; column: number; header: boolean }; quote?: boolean }) => {
    if (node.type && TEXTBLOCKS.has(node.type)) {
      const text = textOf(node).trim();
      if (!text) return;
      const kind: BlockKind =
        node.type === "heading"
          ? { type: "heading", level: Number(node.attrs?.level ?? 1) }
          : node.type === "codeBlock"
            ? { type: "code" }
            : ctx.cell
              ? { type: "table-cell", ...ctx.cell }
              : ctx.list
                ? { type: "list-item", ...ctx.list }
                : ctx.quote
                  ? { type: "quote" }
                  : { type: "paragraph" };
      // A list item or cell with several paragraphs stays one block per paragraph, each saying where it is.
      blocks.push({ kind, text });
      return;
    }
    if (node.type === "table") {
      (node.content ?? []).forEach((row, r) =>
        (row.content ?? []).forEach((cell, c) => walk(cell, { ...ctx, cell: { row: r + 1, column: c + 1, header: cell.type === "tableHeader" } })),
      );
      return;
    }
    if (node.type === "bulletList" || node.type === "orderedList" || node.type === "taskList") {
      const depth = (ctx.list?.depth ?? 0) + 1;
      for (const child of node.content ?? []) walk(child, { ...ctx, list: { ordered: node.type === "orderedList", depth } });
      return;
    }
    const next = node.type === "blockquote" ? { ...ctx, quote: true } : ctx;
    for (const child of node.content ?? []) walk(child, next);
  };
  walk(doc, {});
  return blocks;
}

const key = (b: Block) => `${JSON.stringify(b.kind)}\u0000${b.text}`;
const wordsIn = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Compares two documents block by block (see the module comment); counts words added and removed. */
export function compareBlocks(older: JSONContent, newer: JSONContent): { blocks: BlockChange[]; added: number; removed: number } {
  const a = blocksOf(older);
  const b = blocksOf(newer);
  const out: BlockChange[] = [];
  let added = 0;
  let removed = 0;
  const runs = diffArrays(a.map(key), b.map(key));
  let ai = 0;
  let bi = 0;
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i];
    if (!run.added && !run.removed) {
      for (let k = 0; k < run.count!; k++) out.push({ change: "same", kind: b[bi + k].kind, parts: [{ kind: "same", text: b[bi + k].text }] });
      ai += run.count!;
      bi += run.count!;
      continue;
    }
    // A removed run next to an added run (either order) is one stretch of edits.
    const next = runs[i + 1];
    const pair = next && (next.added || next.removed) && next.added !== run.added ? runs[++i] : undefined;
    const removedCount = (run.removed ? run.count! : 0) + (pair?.removed ? pair.count! : 0);
    const addedCount = (run.added ? run.count! : 0) + (pair?.added ? pair.count! : 0);
    const removedRun = a.slice(ai, ai + removedCount);
    const addedRun = b.slice(bi, bi + addedCount);
    ai += removedRun.length;
    bi += addedRun.length;
    // Within the run, line the blocks up by kind: a removed and an added block of the same kind
    // (say both list items) are one edited block, compared word by word.
    let ri = 0;
    let ni = 0;
    for (const part of diffArrays(removedRun.map((x) => JSON.stringify(x.kind)), addedRun.map((x) => JSON.stringify(x.kind)))) {
      for (let k = 0; k < part.count!; k++) {
        if (part.removed) {
          const was = removedRun[ri++];
          removed += wordsIn(was.text);
          out.push({ change: "removed", kind: was.kind, parts: [{ kind: "removed", text: was.text }] });
        } else if (part.added) {
          const now = addedRun[ni++];
          added += wordsIn(now.text);
          out.push({ change: "added", kind: now.kind, parts: [{ kind: "added", text: now.text }] });
        } else {
          const was = removedRun[ri++];
          const now = addedRun[ni++];
          const words = compareTexts(was.text, now.text);
          added += words.added;
          removed += words.removed;
          out.push({ change: "changed", kind: now.kind, parts: words.parts });
        }
      }
    }
  }
  return { blocks: out, added, removed };
}

/** A block's kind in words (the current language), for the comparison's labels and screen readers. */
export function describeBlock(kind: BlockKind): string {
  switch (kind.type) {
    case "heading":
      return t("compare.block.heading", { level: kind.level });
    case "paragraph":
      return t("compare.block.paragraph");
    case "list-item":
      return kind.ordered ? t("compare.block.numberedItem") : t("compare.block.listItem");
    case "table-cell":
      return kind.header ? t("compare.block.headerCell", { row: kind.row, column: kind.column }) : t("compare.block.cell", { row: kind.row, column: kind.column });
    case "quote":
      return t("compare.block.quote");
    case "code":
      return t("compare.block.code");
  }
}
