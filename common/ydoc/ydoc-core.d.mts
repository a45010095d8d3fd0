/** Types of common/ydoc/ydoc-core.mjs. */
import type * as Y from "yjs";
/** Whether the document holds structs or deletions it could not integrate (missing history). */
export function hasPending(doc: Y.Doc): boolean;
/** Drops whatever the last apply could not integrate, so it can never be completed later. */
export function clearPending(doc: Y.Doc): void;
/** Why applyChecked refuses an update that needs history the document does not have. */
export const MISSING_HISTORY: "references missing history";
/** Applies one update; null when it integrated completely, else why not. */
export function applyChecked(doc: Y.Doc, update: Uint8Array, origin?: unknown): string | null;
export const CONTENT_FIELD: "default";
/** The text of the Tiptap/ProseMirror content (XmlFragment "default"), one block per line, for search and word counts. */
export function yDocPlainText(doc: Y.Doc): string;
