/**
 * The collaboration core's DocumentStore port (server/collab/ports.ts) over db/queries: loading
 * with repair (app/models/document-state.server), the stored state for a resync, and the durable
 * writes (a DocumentWriter: the SQLite writer thread, or Kysely). With a relay (several instances
 * writing one log) it also lists and reads log rows and takes compaction claims. Wired in
 * server/attach.ts.
 */
import type { Kysely } from "kysely";
import * as Y from "yjs";
import { loadAndRepair } from "../../app/models/document-state.server";
import { now } from "../../db/ids";
import { recordDocumentAuthors } from "../../db/queries/document-authors";
import { findDocumentAccess, listLogSeqs, loadDocumentState, readLogRows } from "../../db/queries/document-state";
import { kyselyDocumentWriter, type DocumentWriter } from "../../db/queries/document-writer";
import type { Database } from "../../db/schema";
import type { CollabRelay, DocumentStore } from "../collab/ports";
import { keepPastDays } from "./day-keeper";
import { watchStorage } from "./storage-watch";

export function appDocumentStore(db: Kysely<Database>, options: { writer?: DocumentWriter; relay?: CollabRelay } = {}): DocumentStore {
  const { relay } = options;
  return {
    // Failed commits (a full disk) show in /healthz until a write succeeds again.
    writer: watchStorage(options.writer ?? kyselyDocumentWriter(db)),
    async load(documentId) {
      const { doc, state, quarantined, lastSeq } = await loadAndRepair(db, documentId);
      return { doc, quarantined, lastSeq, snapshot: state.snapshot ? { data: state.snapshot.data, stamp: state.snapshot.stamp } : null, updates: state.updates };
    },
    async readState(documentId) {
      const state = await loadDocumentState(db, documentId);
      const parts = [...(state.snapshot ? [state.snapshot.data] : []), ...state.updates.map((u) => u.data)];
      return parts.length ? Y.mergeUpdates(parts) : null;
    },
    recordAuthors: (documentId, claims) => recordDocumentAuthors(db, documentId, claims, now()),
    keepDays: async (documentId) => {
      await keepPastDays(db, documentId);
    },
    async coalitionOf(documentId) {
      return (await findDocumentAccess(db, documentId))?.coalition_id ?? null;
    },
    // Another instance's rows must be in a snapshot before it deletes them (see Writer).
    sharedLog: relay
      ? {
          listSeqs: (id) => listLogSeqs(db, id),
          readRows: (id, seqs) => readLogRows(db, id, seqs),
          claim: async (id) => (relay.claimCompaction ? relay.claimCompaction(id) : true),
          release: async (id) => relay.releaseCompaction?.(id),
        }
      : undefined,
  };
}
