import * as Y from "yjs";

/**
 * Pure helpers over a document's stored Yjs state (isomorphic: imports only yjs).
 * The layout is Tiptap's Collaboration default: the content is `doc.getXmlFragment("default")`.
 */

// The checked apply and the plain text live in a plain-JavaScript module the compaction thread loads too.
import { applyChecked, clearPending, hasPending } from "./ydoc-core.mjs";
export { applyChecked, clearPending, CONTENT_FIELD, hasPending, MISSING_HISTORY, yDocPlainText } from "./ydoc-core.mjs";

/** Structurally what db/queries/document-state.ts `loadDocumentState` returns. */
export interface StoredState {
  snapshot: { data: Uint8Array; lastSeq: number } | null;
  updates: { seq: number; data: Uint8Array }[];
}

export interface BadRow {
  /** The update's seq, or null for the snapshot itself. */
  seq: number | null;
  reason: string;
}

/**
 * Applies the snapshot, then the tail of the log, to `doc` (normally empty). A row that throws or
 * leaves pending structs is reported in `bad` and skipped (seq null = the snapshot). The rows are
 * applied one by one inside ONE transaction: linear in the log's length (Y.mergeUpdates over a long
 * tail is superlinear: 20,000 rows took 15 s and blocked the event loop), with one cleanup at the
 * end. Integrable parts of a bad row may remain in `doc`: callers that quarantine rows should then
 * compact, so storage matches `doc`.
 */
export function applyStoredState(doc: Y.Doc, state: StoredState): { bad: BadRow[] } {
  const bad: BadRow[] = [];
  if (state.snapshot) {
    const reason = applyChecked(doc, state.snapshot.data);
    if (reason) bad.push({ seq: null, reason });
  }
  const tail = state.updates;
  if (tail.length === 0) return { bad };
  Y.transact(doc, () => {
    for (const row of tail) {
      // Pending structs are recorded as each row is read, so the check is per row even inside the transaction.
      const reason = applyChecked(doc, row.data);
      if (reason) bad.push({ seq: row.seq, reason });
    }
  });
  if (hasPending(doc)) clearPending(doc); // belt and braces: nothing half-integrated survives the load
  return { bad };
}

