/** A cumulative histogram: `buckets[bound]` counts observations ≤ bound ms ("+Inf": all of them). */
export interface LatencyHistogramSnapshot {
  count: number;
  sumMs: number;
  maxMs: number;
  buckets: Record<string, number>;
}

export interface CollabMetricsSnapshot {
  documentsLoaded: number;
  documentsLoadedTotal: number;
  documentsUnloadedTotal: number;
  connections: number;
  connectionsTotal: number;
  updatesIn: number;
  updatesOut: number;
  framesOut: number;
  bytesIn: number;
  bytesOut: number;
  awarenessIn: number;
  writes: number;
  compactions: number;
  compactionsOnThread: number;
  compactionsDeferred: number;
  quarantined: number;
  commitMs: LatencyHistogramSnapshot;
  holdMs: LatencyHistogramSnapshot;
  refusals: Record<string, number>;
  closes: Record<string, number>;
}


/** Upper bounds (ms) of the latency histograms' buckets; a last bucket takes everything above. */
export const LATENCY_BOUNDS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 1000] as const;

/** A cumulative latency histogram (Prometheus style: each bucket counts observations ≤ its bound). */
export class LatencyHistogram {
  private readonly counts = new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0);
  private count = 0;
  private sum = 0;
  private max = 0;

  observe(ms: number): void {
    if (!(ms >= 0)) return; // NaN or a clock step backwards: not a latency
    let i = 0;
    while (i < LATENCY_BOUNDS_MS.length && ms > LATENCY_BOUNDS_MS[i]) i++;
    this.counts[i]++;
    this.count++;
    this.sum += ms;
    if (ms > this.max) this.max = ms;
  }

  snapshot(): LatencyHistogramSnapshot {
    const buckets: Record<string, number> = {};
    let below = 0;
    LATENCY_BOUNDS_MS.forEach((bound, i) => (buckets[String(bound)] = below += this.counts[i]));
    buckets["+Inf"] = this.count;
    return { count: this.count, sumMs: Math.round(this.sum * 1000) / 1000, maxMs: Math.round(this.max * 1000) / 1000, buckets };
  }
}

/** Counters of one collaboration server (read by the admin metrics endpoint). */
export class CollabMetrics {
  documentsLoaded = 0;
  documentsLoadedTotal = 0;
  documentsUnloadedTotal = 0;
  connections = 0;
  connectionsTotal = 0;
  updatesIn = 0;
  updatesOut = 0;
  framesOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  awarenessIn = 0;
  writes = 0;
  compactions = 0;
  /** Of those, compactions rebuilt from the stored log on the compaction thread (SQLite, large documents). */
  compactionsOnThread = 0;
  /** Compactions left to the instance that holds the document's compaction claim. */
  compactionsDeferred = 0;
  quarantined = 0;
  /** Group commits: from the start of a commit to its durability (what every relayed edit waits for). */
  readonly commitMs = new LatencyHistogram();
  /** Per group commit: from the first update staged in it to the end of its fan-out (the server's share of an edit's latency). */
  readonly holdMs = new LatencyHistogram();
  readonly refusals: Record<string, number> = {};
  readonly closes: Record<string, number> = {};

  refuse(reason: string, n = 1): void {
    this.refusals[reason] = (this.refusals[reason] ?? 0) + n;
  }

  closed(reason: string): void {
    this.closes[reason] = (this.closes[reason] ?? 0) + 1;
  }

  snapshot(): CollabMetricsSnapshot {
    return {
      documentsLoaded: this.documentsLoaded,
      documentsLoadedTotal: this.documentsLoadedTotal,
      documentsUnloadedTotal: this.documentsUnloadedTotal,
      connections: this.connections,
      connectionsTotal: this.connectionsTotal,
      updatesIn: this.updatesIn,
      updatesOut: this.updatesOut,
      framesOut: this.framesOut,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      awarenessIn: this.awarenessIn,
      writes: this.writes,
      compactions: this.compactions,
      compactionsOnThread: this.compactionsOnThread,
      compactionsDeferred: this.compactionsDeferred,
      quarantined: this.quarantined,
      commitMs: this.commitMs.snapshot(),
      holdMs: this.holdMs.snapshot(),
      refusals: { ...this.refusals },
      closes: { ...this.closes },
    };
  }
}
