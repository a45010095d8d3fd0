import type { Node as PMNode } from "@tiptap/pm/model";
import type { EditorState, Transaction } from "@tiptap/pm/state";
import type { Transform } from "@tiptap/pm/transform";
import { DELETE_MARK, INSERT_MARK, type SuggestionAttrs } from "./marks";
import { SUGGESTIONS_META } from "./track";

/**
 * Reading, accepting and rejecting suggestions (issue 23). Accepting an insertion keeps its text
 * (the mark goes), accepting a deletion removes its text; rejecting does the opposite. The
 * transactions carry SUGGESTIONS_META so suggesting mode leaves them alone. Pure: no view.
 */

export type SuggestionKind = "insert" | "delete";

export interface Suggestion extends SuggestionAttrs {
  kind: SuggestionKind;
  /** The text it adds or removes (first 200 characters). */
  text: string;
  /** Where it starts in the document (for "go to"). */
  from: number;
}

const KINDS: [string, SuggestionKind][] = [
  [INSERT_MARK, "insert"],
  [DELETE_MARK, "delete"],
];

/** Every pending suggestion, in document order, one entry per id. */
export function listSuggestions(doc: PMNode): Suggestion[] {
  const byId = new Map<string, Suggestion>();
  doc.descendants((node, pos) => {
    if (!node.isText) return;
    for (const [markName, kind] of KINDS) {
      const mark = node.marks.find((m) => m.type.name === markName);
      if (!mark) continue;
      const attrs = mark.attrs as SuggestionAttrs;
      const key = `${kind}:${attrs.id}`;
      const known = byId.get(key);
      if (known) {
        if (known.text.length < 200) known.text = (known.text + node.text).slice(0, 200);
      } else byId.set(key, { ...attrs, kind, text: (node.text ?? "").slice(0, 200), from: pos });
    }
  });
  return [...byId.values()];
}

export interface Decision {
  /** Which suggestions: their ids, or all of them. */
  ids: ReadonlySet<string> | "all";
  accept: boolean;
}

/** The transaction that accepts or rejects the chosen suggestions (null when there are none). */
export function decideSuggestions(state: EditorState, decision: Decision): Transaction | null {
  const tr = state.tr.setMeta(SUGGESTIONS_META, true);
  return applyDecision(tr, decision) ? tr : null;
}

/** Adds the decision's steps to `tr` (a transaction or a plain Transform); false when nothing matched. */
export function applyDecision(tr: Transform, decision: Decision): boolean {
  const chosen = (mark: { attrs: Record<string, unknown> }) => decision.ids === "all" || decision.ids.has(String(mark.attrs.id));
  const removals: { from: number; to: number }[] = [];
  let touched = false;
  tr.doc.descendants((node, pos) => {
    if (!node.isText) return;
    const to = pos + node.nodeSize;
    for (const mark of node.marks) {
      const kind = mark.type.name === INSERT_MARK ? "insert" : mark.type.name === DELETE_MARK ? "delete" : null;
      if (!kind || !chosen(mark)) continue;
      touched = true;
      // Accepting an insertion or rejecting a deletion keeps the text; the other two remove it.
      if ((kind === "insert") === decision.accept) tr.removeMark(pos, to, mark);
      else removals.push({ from: pos, to });
    }
  });
  if (!touched) return false;
  // Mark steps do not move positions; remove text last first, merging overlapping ranges.
  removals.sort((a, b) => b.from - a.from);
  let last: { from: number; to: number } | null = null;
  for (const r of removals) {
    if (last && r.to >= last.from) {
      last = { from: Math.min(last.from, r.from), to: Math.max(last.to, r.to) };
      continue;
    }
    if (last) tr.delete(last.from, last.to);
    last = { ...r };
  }
  if (last) tr.delete(last.from, last.to);
  return true;
}
