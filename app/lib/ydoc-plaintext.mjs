// The plain text of a document's Tiptap/ProseMirror content, for search and word counts. Plain
// JavaScript (types in ydoc-plaintext.d.mts) so the compaction thread (db/sqlite-compactor.worker.mjs)
// loads it under any loader; app/lib/ydoc-state.ts re-exports it.
import * as Y from "yjs";

/** The Yjs field Tiptap's Collaboration extension keeps the content in. */
export const CONTENT_FIELD = "default";

function textOf(node) {
  let out = "";
  for (const op of node.toDelta()) if (typeof op.insert === "string") out += op.insert;
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
