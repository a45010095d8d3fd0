import * as Y from "yjs";

/**
 * Pure helpers over a document's stored Yjs state (isomorphic: imports only yjs).
 * The layout is Tiptap's Collaboration default: the content is `doc.getXmlFragment("default")`.
 */

// The plain text lives in a plain-JavaScript module the compaction thread loads too.
export { CONTENT_FIELD, yDocPlainText } from "./ydoc-plaintext.mjs";

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

/** Whether the document holds structs or deletions it could not integrate (missing history). */
export function hasPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** Drops whatever the last apply could not integrate, so it can never be completed later. */
export function clearPending(doc: Y.Doc): void {
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
}

/**
 * Applies one update and says whether it was whole: null when it integrated completely, else why
 * not (it threw, or it references history the document does not have). The parts that could be
 * integrated stay in the document; the rest is dropped.
 */
export function applyChecked(doc: Y.Doc, update: Uint8Array, origin?: unknown): string | null {
  try {
    Y.applyUpdate(doc, update, origin);
  } catch (error) {
    clearPending(doc);
    return `apply failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (hasPending(doc)) {
    clearPending(doc);
    return "references missing history";
  }
  return null;
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

