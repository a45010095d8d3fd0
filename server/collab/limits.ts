/**
 * Limits and tunables of the collaboration server, from COLLAB_* environment variables
 * (documented in the README's configuration table). Every limit has a close code in
 * app/lib/collab-protocol.ts and a test.
 */
/** This instance's open (or opening) collaboration sockets, per user and per document. */
export class ConnectionCounts {
  readonly users = new Map<string, number>();
  readonly documents = new Map<string, number>();

  add(userId: string, documentId: string, delta: number): void {
    for (const [map, key] of [[this.users, userId], [this.documents, documentId]] as const) {
      const n = (map.get(key) ?? 0) + delta;
      if (n > 0) map.set(key, n);
      else map.delete(key);
    }
  }
}

/**
 * Connection counts shared by every instance (server/cluster/connection-counts.ts): the per-user
 * and per-document limits then hold for the whole deployment, not per instance. It publishes this
 * instance's `ConnectionCounts` and checks a new socket against the sum over all instances.
 */
export interface ClusterConnectionCounter {
  /** Null when both limits allow one more socket over all instances (then counted there), else which one refuses. */
  acquire(userId: string, documentId: string, limits: { perUser: number; perDocument: number }): Promise<"user" | "document" | null>;
  release(userId: string, documentId: string): void;
  close(): Promise<void>;
}

export interface CollabLimits {
  /** Largest accepted message; larger → close MESSAGE_TOO_LARGE (ws itself answers 1009 past twice this). */
  maxMessageBytes: number;
  maxConnectionsPerUser: number;
  maxConnectionsPerDocument: number;
  /** A connection whose unsent backlog passes this is a slow reader → close SLOW_READER. */
  maxBufferedBytes: number;
  /** Token bucket per connection: sustained messages per second and the burst allowed. */
  rateMessagesPerSecond: number;
  rateMessagesBurst: number;
  /** Token bucket per connection on received bytes. */
  rateBytesPerSecond: number;
  rateBytesBurst: number;
  /** Awareness updates per connection per second beyond which they are dropped (throttled). */
  rateAwarenessPerSecond: number;
  rateAwarenessBurst: number;
  /** Largest awareness state (JSON) accepted per client. */
  maxAwarenessStateBytes: number;
  /** How long an idle document stays loaded after its last client leaves. */
  unloadDelayMs: number;
  /** Compact the log into the snapshot when the tail has this many rows or bytes. */
  compactMaxUpdates: number;
  compactMaxBytes: number;
  /**
   * On a SQLite file, with more than one core to run on: a document whose last compaction on the event
   * loop (encoding it and taking its plain text) took at least this many ms is compacted on the
   * compaction thread from then on, rebuilt from the stored log (db/sqlite-compactor.ts). The rebuild
   * costs about twice the CPU, so documents that encode quickly stay on the loop. 0: every compaction
   * goes to the thread.
   */
  compactThreadMinMs: number;
  /** Debounce of the last-edited / plain-text write and the document.changed event. */
  metaDelayMs: number;
  /** How often open sockets' sessions are swept for rows deleted without an event (expiry and logout close at once regardless). */
  sessionCheckMs: number;
  /**
   * Least time between the starts of two group commits. Under a steady stream of edits, commits
   * (and the relayed frames, one per commit per socket) come at most this often, each carrying more
   * edits; an edit after a quiet spell is committed at once. 0 commits after every turn.
   */
  commitIntervalMs: number;
}

export const DEFAULT_LIMITS: CollabLimits = {
  maxMessageBytes: 1024 * 1024,
  maxConnectionsPerUser: 20,
  maxConnectionsPerDocument: 200,
  maxBufferedBytes: 16 * 1024 * 1024,
  rateMessagesPerSecond: 300,
  rateMessagesBurst: 3000,
  rateBytesPerSecond: 4 * 1024 * 1024,
  rateBytesBurst: 16 * 1024 * 1024,
  rateAwarenessPerSecond: 30,
  rateAwarenessBurst: 60,
  maxAwarenessStateBytes: 16 * 1024,
  unloadDelayMs: 10_000,
  compactMaxUpdates: 2000,
  compactMaxBytes: 4 * 1024 * 1024,
  compactThreadMinMs: 20,
  metaDelayMs: 3000,
  sessionCheckMs: 60_000,
  commitIntervalMs: 5,
};

/** A token bucket: `take(n)` is false when the caller is over its rate. */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();
  constructor(private readonly perSecond: number, private readonly burst: number) {
    this.tokens = burst;
  }
  take(n = 1): boolean {
    const t = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }
}
