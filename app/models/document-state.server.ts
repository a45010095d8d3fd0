import * as Y from "yjs";
import { getDb } from "../../db/client";
import { appendUpdates, compactDocument, loadDocumentState, quarantineUpdate, type StoredDocumentState } from "../../db/queries/document-state";
import type { Executor } from "../../db/queries/users";
import { getLogger } from "../../server/logger";
import { applyChecked, applyStoredState, yDocPlainText } from "../../common/ydoc/ydoc-state";
import { collabHook } from "./collab-hook.server";

/**
 * Loads a document's stored state into a new Y.Doc. Rows that cannot be applied are quarantined
 * (logged), and the document is then compacted so the stored state equals what was loaded.
 * Shared by the collaboration server and the routes (SSR, export, publishing).
 */
export async function loadAndRepair(db: Executor, documentId: string): Promise<{ doc: Y.Doc; state: StoredDocumentState; quarantined: number; lastSeq: number }> {
  const state = await loadDocumentState(db, documentId);
  const doc = new Y.Doc({ gc: true });
  const { bad } = applyStoredState(doc, state);
  const lastSeq = Math.max(state.snapshot?.lastSeq ?? 0, state.updates.length ? state.updates[state.updates.length - 1].seq : 0);
  if (bad.length) {
    const log = getLogger();
    for (const row of bad) {
      const data = row.seq === null ? state.snapshot!.data : state.updates.find((u) => u.seq === row.seq)!.data;
      await quarantineUpdate(db, { documentId, seq: row.seq, data, reason: row.reason });
      log.warn({ documentId, seq: row.seq, reason: row.reason, bytes: data.byteLength }, "collab: stored row quarantined");
    }
    // The integrable parts of the bad rows may be in `doc`: make storage match it.
    await compactDocument(db, documentId, { data: Y.encodeStateAsUpdate(doc), lastSeq, plainText: yDocPlainText(doc) });
  }
  return { doc, state, quarantined: bad.length, lastSeq };
}

/**
 * The document's current content as a Y.Doc (for SSR, export and publishing): the live state when
 * the collaboration server has it loaded, else the stored snapshot + tail.
 */
export async function loadYDoc(documentId: string): Promise<Y.Doc> {
  const live = await collabHook()?.liveState(documentId);
  if (live) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, live);
    return doc;
  }
  return (await loadAndRepair(getDb(), documentId)).doc;
}

/**
 * A server-side edit made outside the websocket (e.g. restoring a version into the draft). Goes
 * through the live collaboration server when one runs in this process (stored, then relayed to
 * connected clients); otherwise validated against the stored state and appended to the log.
 * Throws when the update cannot be applied.
 */
export async function applyServerUpdate(documentId: string, update: Uint8Array, userId: string | null): Promise<void> {
  const hook = collabHook();
  if (hook) return hook.applyUpdate(documentId, update, userId);
  const { doc } = await loadAndRepair(getDb(), documentId);
  const reason = applyChecked(doc, update);
  if (reason) throw new Error(`update refused: ${reason}`);
  await appendUpdates(getDb(), [{ documentId, data: update, userId }]);
}
