import { collabLimitsFromConfig, parseConfig, type CollabLimits } from "../../app/lib/config.server";

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

/** The schema's defaults (no COLLAB_* variable set): one source, app/lib/config.server.ts. */
export const DEFAULT_LIMITS: CollabLimits = collabLimitsFromConfig(parseConfig({}));

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
