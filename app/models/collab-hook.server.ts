/**
 * The seam between the Remix side (routes, models) and the collaboration server running in the
 * same process. The collaboration server registers itself on globalThis (the Remix server bundle
 * and the plain Node server load separate module copies, so a module variable would not do).
 */

import type { CollabMetricsSnapshot } from "../../server/collab/metrics";
import type { DocumentEvent } from "../../server/collab/protocol";

export type { CollabMetricsSnapshot, LatencyHistogramSnapshot } from "../../server/collab/metrics";

export interface CollabHook {
  /** Applies a server-side edit through the live server: stored, then relayed to connected clients (unlike clients' edits, which are relayed at once). */
  applyUpdate(documentId: string, update: Uint8Array, userId: string | null): Promise<void>;
  /**
   * The full state of the document if it is loaded in memory, resolved once every edit in it is
   * committed (else null: read the database).
   */
  liveState(documentId: string): Promise<Uint8Array | null>;
  /** Who has the document open now (one entry per connection; empty when it is not loaded). */
  presence(documentId: string): { userId: string; name: string; color: string; readOnly: boolean }[];
  /**
   * Tells the document's open editors what happened, as a document event (message type 100 with
   * JSON, see server/collab/protocol.ts), e.g. a restore; false when it is not open here.
   */
  announce(documentId: string, event: DocumentEvent): boolean;
  /** Counters for the admin metrics endpoint. */
  metrics(): CollabMetricsSnapshot;
}

const KEY = Symbol.for("coalition-workspace.collab");
type Holder = { [KEY]?: CollabHook };

export function registerCollabHook(hook: CollabHook | undefined): void {
  (globalThis as Holder)[KEY] = hook;
}

/** The collaboration server of this process, if one is running. */
export function collabHook(): CollabHook | undefined {
  return (globalThis as Holder)[KEY];
}
