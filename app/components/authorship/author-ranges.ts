import type { Node as PMNode } from "@tiptap/pm/model";
import * as Y from "yjs";

/** A run of the editor's text typed by one Yjs client: ProseMirror positions [from, to). */
export interface AuthorRange {
  from: number;
  to: number;
  client: number;
}

/**
 * Where each Yjs client's visible text sits in the ProseMirror document that mirrors `fragment`
 * (y-tiptap keeps one Y.XmlElement per node and one Y.XmlText per run of text in a textblock,
 * inline nodes as elements between them). Walks both trees side by side; where they disagree (a
 * moment between a change and its mirror) it stops early rather than guess. Adjacent runs of one
 * client are joined.
 */
export function authorRanges(fragment: Y.XmlFragment, doc: PMNode): AuthorRange[] {
  const out: AuthorRange[] = [];
  walkBlock(fragment, doc, 0, out);
  const joined: AuthorRange[] = [];
  for (const r of out) {
    const last = joined[joined.length - 1];
    if (last && last.client === r.client && last.to === r.from) last.to = r.to;
    else joined.push({ ...r });
  }
  return joined;
}

function walkBlock(y: Y.XmlFragment | Y.XmlElement, pm: PMNode, contentStart: number, out: AuthorRange[]): void {
  if (pm.isTextblock) return walkInline(y, pm, contentStart, out);
  let pos = contentStart;
  const n = Math.min(y.length, pm.childCount);
  for (let i = 0; i < n; i++) {
    const yChild = y.get(i);
    const pmChild = pm.child(i);
    if (yChild instanceof Y.XmlElement && !pmChild.isLeaf) walkBlock(yChild, pmChild, pos + 1, out);
    pos += pmChild.nodeSize;
  }
}

function walkInline(y: Y.XmlFragment | Y.XmlElement, pm: PMNode, start: number, out: AuthorRange[]): void {
  const end = start + pm.content.size;
  let pos = start;
  for (const child of y.toArray()) {
    if (child instanceof Y.XmlText) {
      for (let item = child._start; item; item = item.right) {
        if (item.deleted || !item.countable) continue;
        if (item.content instanceof Y.ContentString) {
          if (pos + item.length > end) return;
          out.push({ from: pos, to: pos + item.length, client: item.id.client });
        }
        pos += item.length;
      }
    } else {
      pos += 1; // an inline node (a hard break, a mention…)
    }
  }
}
