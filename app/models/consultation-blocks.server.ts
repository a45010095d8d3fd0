import type { Node as PMNode } from "@tiptap/pm/model";
import { renderHtml, yDocFromState, yDocToNode } from "./document-render.server";

/**
 * The numbered blocks of a published version, for its consultation (issue 26). Numbers are
 * derived, every time, from the version's stored Yjs state, which never changes once published:
 * the same state walked in the same order gives the same numbers and anchors, so "paragraph 12"
 * means the same thing to every reader, in every export and after every restart. Nothing derived
 * is stored, so nothing can drift.
 *
 * In document order: each heading, each paragraph (also inside quotes and table cells' rows,
 * which count as one block per row) and each list item (its own paragraphs together; a list
 * nested in it numbers its items after it). Rules and empty paragraphs get no number.
 */

export type BlockKind = "heading" | "paragraph" | "item" | "code" | "row";

export interface NumberedBlock {
  /** 1-based, stable. */
  number: number;
  /** The anchor on the consultation page ("p-12"). */
  anchor: string;
  kind: BlockKind;
  /** Heading level, for headings. */
  level: number | null;
  /** Nesting of list items (0 = top level). */
  depth: number;
  /** Sanitised HTML of the block's own content. */
  html: string;
  /** Its text, for exports and excerpts. */
  text: string;
}

const LISTS = new Set(["bulletList", "orderedList", "taskList"]);

function fragmentHtml(children: PMNode[]): string {
  if (!children.length) return "";
  const doc = children[0].type.schema.topNodeType.create(null, children);
  return renderHtml(doc);
}

/** The numbered blocks of a ProseMirror document, in document order. */
export function numberBlocks(doc: PMNode): NumberedBlock[] {
  const out: NumberedBlock[] = [];
  const push = (kind: BlockKind, nodes: PMNode[], opts: { level?: number; depth?: number } = {}) => {
    const text = nodes.map((n) => n.textContent).join("\n").trim();
    if (!text) return;
    const number = out.length + 1;
    out.push({ number, anchor: `p-${number}`, kind, level: opts.level ?? null, depth: opts.depth ?? 0, html: fragmentHtml(nodes), text });
  };
  const walk = (node: PMNode, depth: number) => {
    node.forEach((child) => {
      const name = child.type.name;
      if (name === "heading") push("heading", [child], { level: Number(child.attrs.level) });
      else if (name === "paragraph") push("paragraph", [child]);
      else if (name === "codeBlock") push("code", [child]);
      else if (LISTS.has(name)) {
        child.forEach((item) => {
          const own: PMNode[] = [];
          const nested: PMNode[] = [];
          item.forEach((part) => (LISTS.has(part.type.name) ? nested : own).push(part));
          push("item", own, { depth });
          for (const list of nested) walk(list.type.schema.topNodeType.create(null, [list]), depth + 1);
        });
      } else if (name === "table") {
        child.forEach((row) => push("row", [child.type.create(child.attrs, [row])]));
      } else if (name === "horizontalRule" || name === "hardBreak") return;
      else if (child.isBlock && !child.isTextblock && child.childCount) walk(child, depth);
      else push("paragraph", [child]);
    });
  };
  walk(doc, 0);
  return out;
}

/** The numbered blocks of a version's stored state. */
export function versionBlocks(state: Uint8Array): NumberedBlock[] {
  const ydoc = yDocFromState(state);
  try {
    return numberBlocks(yDocToNode(ydoc));
  } finally {
    ydoc.destroy();
  }
}
