import type { CollabMetricsSnapshot } from "../../app/models/collab-hook.server";

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
  /** Compactions left to the instance that holds the document's compaction claim. */
  compactionsDeferred = 0;
  quarantined = 0;
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
      compactionsDeferred: this.compactionsDeferred,
      quarantined: this.quarantined,
      refusals: { ...this.refusals },
      closes: { ...this.closes },
    };
  }
}
