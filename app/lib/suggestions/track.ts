import { Fragment, Slice, type Mark, type Node as PMNode } from "@tiptap/pm/model";
import { TextSelection, type EditorState, type Transaction } from "@tiptap/pm/state";
import { ReplaceStep } from "@tiptap/pm/transform";
import { DELETE_MARK, INSERT_MARK, type SuggestionAttrs } from "./marks";

/**
 * Suggesting mode's rewrite of a transaction (issue 23; docs/decisions/0027). The person's edit is
 * applied as usual, then, on the same transaction:
 * - text it inserted gets the insert mark (their id and name, the time; joining the suggestion
 *   right before or after it when that one is theirs too), and loses any delete mark it copied;
 * - text it deleted is put back where it was, with the delete mark, unless it was this person's
 *   own pending insertion: that one really goes (taking back your own suggestion is not a
 *   suggestion). Text already marked deleted is put back unchanged.
 * Structure (splitting or joining paragraphs, lists) and formatting are not tracked: they apply
 * as in editing mode. Pure (no view), so it is tested on a plain EditorState.
 */

/** Set on transactions that must not be rewritten (accepting, rejecting). */
export const SUGGESTIONS_META = "suggestions$decide";

export interface SuggestionAuthor {
  id: string;
  name: string;
}

export interface SuggestOptions {
  author: SuggestionAuthor;
  now?: () => string;
  newId?: () => string;
}

/** A short random id (crypto.getRandomValues works outside secure contexts too). */
export function newSuggestionId(): string {
  const bytes = new Uint8Array(9);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function suggestionOf(node: PMNode | null | undefined, markName: string, authorId: string): SuggestionAttrs | null {
  const mark = node?.marks.find((m) => m.type.name === markName);
  return mark && mark.attrs.authorId === authorId ? (mark.attrs as SuggestionAttrs) : null;
}

/** The same fragment with each text node passed through `fn` (null drops it). */
function mapText(fragment: Fragment, fn: (text: PMNode) => PMNode | null): Fragment {
  const out: PMNode[] = [];
  fragment.forEach((child) => {
    if (child.isText) {
      const next = fn(child);
      if (next) out.push(next);
    } else out.push(child.copy(mapText(child.content, fn)));
  });
  return Fragment.from(out);
}

function hasText(fragment: Fragment): boolean {
  let found = false;
  fragment.descendants((n) => {
    if (n.isText) found = true;
    return !found;
  });
  return found;
}

interface Deleted {
  pos: number;
  slice: Slice;
}

interface Inserted {
  from: number;
  to: number;
}

/** Rewrites `tr` (made from `state`) for suggesting mode; returns it (changed in place). */
export function suggestTransaction(state: EditorState, tr: Transaction, options: SuggestOptions): Transaction {
  if (!tr.docChanged || tr.getMeta(SUGGESTIONS_META)) return tr;
  const schema = state.schema;
  const insertType = schema.marks[INSERT_MARK];
  const deleteType = schema.marks[DELETE_MARK];
  if (!insertType || !deleteType) return tr;
  const { author } = options;
  const now = options.now ?? (() => new Date().toISOString());
  const newId = options.newId ?? newSuggestionId;

  const deleted: Deleted[] = [];
  const inserted: Inserted[] = [];
  const stepCount = tr.steps.length;
  tr.steps.forEach((step, i) => {
    if (!(step instanceof ReplaceStep)) return;
    const { from, to, slice } = step as unknown as { from: number; to: number; slice: Slice };
    const after = tr.mapping.slice(i + 1, stepCount);
    if (to > from) deleted.push({ pos: tr.mapping.slice(i, stepCount).map(from, -1), slice: tr.docs[i].slice(from, to) });
    if (slice.size > 0) inserted.push({ from: after.map(from, 1), to: after.map(from + slice.size, -1) });
  });
  if (!deleted.length && !inserted.length) return tr;
  const time = now();

  // Insertions: marked as this person's suggestion (positions do not move).
  for (const range of inserted) {
    if (range.to <= range.from) continue;
    const $from = tr.doc.resolve(range.from);
    const $to = tr.doc.resolve(range.to);
    const joined = suggestionOf($from.nodeBefore, INSERT_MARK, author.id) ?? suggestionOf($to.nodeAfter, INSERT_MARK, author.id);
    const attrs: SuggestionAttrs = joined ?? { id: newId(), authorId: author.id, authorName: author.name, time };
    tr.removeMark(range.from, range.to, deleteType);
    tr.addMark(range.from, range.to, insertType.create(attrs));
  }

  // Deletions: put back, last first so earlier positions stay put.
  const single = stepCount === 1 && deleted.length === 1 && inserted.length === 0;
  deleted.sort((a, b) => b.pos - a.pos);
  for (const { pos, slice } of deleted) {
    const mappedPos = tr.mapping.slice(stepCount).map(pos, -1);
    const $pos = tr.doc.resolve(mappedPos);
    const joined = suggestionOf($pos.nodeBefore, DELETE_MARK, author.id) ?? suggestionOf($pos.nodeAfter, DELETE_MARK, author.id);
    const attrs: SuggestionAttrs = joined ?? { id: newId(), authorId: author.id, authorName: author.name, time };
    const mark: Mark = deleteType.create(attrs);
    const content = mapText(slice.content, (text) => {
      if (suggestionOf(text, INSERT_MARK, author.id)) return null; // own pending insertion: really removed
      if (deleteType.isInSet(text.marks)) return text; // already suggested for deletion
      return text.mark(mark.addToSet(text.marks));
    });
    // Nothing but structure (Backspace at a paragraph's start) or only one's own insertion: not put back.
    if (!hasText(content)) continue;
    const back = new Slice(content, slice.openStart, slice.openEnd);
    tr.replace(mappedPos, mappedPos, back);
    if (single) {
      // Backspace leaves the caret before the text it struck through; Delete leaves it after.
      const before = state.selection;
      const step = tr.steps[0] as unknown as { from: number; to: number };
      if (before.empty && before.from === step.to) tr.setSelection(TextSelection.create(tr.doc, mappedPos));
      else if (before.empty && before.from === step.from) tr.setSelection(TextSelection.create(tr.doc, tr.mapping.slice(stepCount).map(mappedPos, 1)));
    }
  }
  return tr;
}
