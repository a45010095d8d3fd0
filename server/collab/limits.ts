import type { CollabLimits } from "../../app/lib/config.server";

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

/** The limits' shape is declared beside the config schema that fills it (app/lib/config.server.ts). */
export type { CollabLimits } from "../../app/lib/config.server";

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
  pingAfterMs: 10_000,
  pongTimeoutMs: 4000,
  handshakeAccountBurst: 30,
  handshakeAccountPerSecond: 1,
  handshakeAddressBurst: 60,
  handshakeAddressPerSecond: 2,
  backlogBudgetBytes: 256 * 1024 * 1024,
};

/** A token bucket: `take(n)` is false when the caller is over its rate. */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();
  constructor(private readonly perSecond: number, private readonly burst: number) {
    this.tokens = burst;
  }
  take(n = 1): boolean {
    this.refill();
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }
  /** Whole seconds until `n` tokens are there again (at least 1; Infinity when the rate is 0). */
  secondsUntil(n = 1): number {
    this.refill();
    if (this.tokens >= n) return 0;
    return Math.max(1, Math.ceil((n - this.tokens) / this.perSecond));
  }
  /** True when the bucket is full again (an idle key's bucket can be forgotten). */
  get full(): boolean {
    this.refill();
    return this.tokens >= this.burst;
  }
  private refill(): void {
    const t = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
  }
}
