/**
 * The seam for running several instances (REDIS_URL): every committed update and presence change
 * is published here, and what other instances publish arrives through `onMessage` (the room then
 * applies it without storing it again: the publishing instance stored it before publishing).
 * Single-instance deployments use `localRelay`, which goes nowhere.
 */
export type RelayMessage =
  /** `seqs`: the log rows the update holds (so a compactor knows which rows it already has). */
  | { kind: "update"; data: Uint8Array; seqs?: number[] }
  | { kind: "awareness"; frame: Uint8Array };

export interface CollabRelay {
  publish(documentId: string, message: RelayMessage): void;
  /** Subscribes to other instances' messages; returns an unsubscribe function. */
  onMessage(handler: (documentId: string, message: RelayMessage) => void): () => void;
  /**
   * Called when the relay comes back after messages may have been lost (e.g. Redis returned):
   * the server then re-reads its loaded documents from the shared database.
   */
  onResync?(listener: () => void): () => void;
  /**
   * Asks to be the instance that compacts this document for a while (the claim is renewed by each
   * compaction of its holder and lapses if the holder goes away): one compactor per document
   * instead of every instance encoding the same snapshot. True when this instance may compact;
   * true as well when the claim cannot be checked (compaction is safe concurrently, only costlier).
   */
  claimCompaction?(documentId: string): Promise<boolean>;
  /** Gives the claim up (the holder unloaded the document): another instance may compact at once. */
  releaseCompaction?(documentId: string): Promise<void>;
  close(): Promise<void>;
}

export const localRelay: CollabRelay = {
  publish() {},
  onMessage() {
    return () => {};
  },
  async close() {},
};
