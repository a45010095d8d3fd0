import { TokenBucket } from "./limits";

/**
 * Token buckets keyed by account or client address, for websocket handshakes (each costs a session
 * lookup and an authorisation query). A key's bucket is forgotten once it is full again, so the
 * map holds only keys that handshook recently. A burst of 0 turns the limit off.
 */
export class KeyedBuckets {
  private readonly buckets = new Map<string, TokenBucket>();
  private takes = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  /** 0 when `key` may handshake now (counted), else the seconds to wait (for Retry-After). */
  take(key: string): number {
    if (this.burst <= 0) return 0;
    if (++this.takes % 1000 === 0) this.prune();
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = new TokenBucket(this.perSecond, this.burst)));
    if (bucket.take()) return 0;
    const wait = bucket.secondsUntil();
    return Number.isFinite(wait) ? wait : 3600;
  }

  private prune(): void {
    for (const [key, bucket] of this.buckets) if (bucket.full) this.buckets.delete(key);
  }
}
