/** Types of app/lib/ydoc-plaintext.mjs. */
import type * as Y from "yjs";
export const CONTENT_FIELD: "default";
/** The text of the Tiptap/ProseMirror content (XmlFragment "default"), one block per line, for search and word counts. */
export function yDocPlainText(doc: Y.Doc): string;
