import type { Node as PMNode } from "@tiptap/pm/model";
import { Transform } from "@tiptap/pm/transform";
import { applyDecision } from "./decide";

/**
 * What the server shows of a draft with pending suggestions (docs/decisions/0027): the text as if
 * every one of them were rejected — proposed insertions left out, proposed deletions kept as plain
 * text. Pages before the editor loads, exports, published versions, comparisons and restores all
 * read the draft through this, so nothing unaccepted is ever published or exported by accident.
 */
export function withoutPendingSuggestions(node: PMNode): PMNode {
  const tr = new Transform(node);
  return applyDecision(tr, { ids: "all", accept: false }) ? tr.doc : node;
}
