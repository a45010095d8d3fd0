// The helpers over a Y.Doc that the compaction thread (db/sqlite-compactor.worker.mjs) shares with the
// app: the checked apply of a stored update and the plain text of the Tiptap/ProseMirror content.
// Plain JavaScript (types in ydoc-core.d.mts) so that thread loads it under any loader;
// ydoc-state.ts re-exports it (and app/lib/ydoc-state.ts re-exports that).
import * as Y from "yjs";

/** Whether the document holds structs or deletions it could not integrate (missing history). */
export function hasPending(doc) {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** Drops whatever the last apply could not integrate, so it can never be completed later. */
export function clearPending(doc) {
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
}

/** Why applyChecked refuses an update that needs history the document does not have. */
export const MISSING_HISTORY = "references missing history";

/**
 * Applies one update and says whether it was whole: null when it integrated completely, else why
 * not (it threw, or it references history the document does not have). The parts that could be
 * integrated stay in the document; the rest is dropped.
 */
export function applyChecked(doc, update, origin) {
  try {
    Y.applyUpdate(doc, update, origin);
  } catch (error) {
    clearPending(doc);
    return `apply failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (hasPending(doc)) {
    clearPending(doc);
    return MISSING_HISTORY;
  }
  return null;
}

/** The Yjs field Tiptap's Collaboration extension keeps the content in. */
export const CONTENT_FIELD = "default";

function textOf(node) {
  let out = "";
  // A pending suggested insertion (issue 23, decision 0027) is not part of the text yet.
  for (const op of node.toDelta()) if (typeof op.insert === "string" && !op.attributes?.suggestionInsert) out += op.insert;
  return out;
}

function collectLines(node, lines) {
  let line = "";
  const flush = () => {
    if (line.trim()) lines.push(line);
    line = "";
  };
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) line += textOf(child);
    else if (child instanceof Y.XmlElement) {
      if (child.nodeName === "hardBreak") line += "\n";
      else {
        flush();
        collectLines(child, lines);
      }
    }
  }
  flush();
}

/** The content (XmlFragment "default"), one block per line. */
export function yDocPlainText(doc) {
  const lines = [];
  try {
    collectLines(doc.getXmlFragment(CONTENT_FIELD), lines);
  } catch {
    return ""; // "default" was created as another type by some client: no text to index
  }
  return lines.join("\n");
}
