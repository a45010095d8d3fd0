import { timingSafeEqual, createHash } from "node:crypto";
import type { RequestHandler } from "express";
import { collectDefaultMetrics, Histogram, Registry, type Metric } from "prom-client";
import { collabHook, type CollabMetricsSnapshot, type LatencyHistogramSnapshot } from "../../app/models/collab-hook.server";
import { getDb } from "../../db/client";
import { countJobsByState } from "../../db/queries/jobs";

/**
 * `/metrics` in Prometheus text format (prom-client): process and GC defaults, HTTP request
 * durations by Remix route id, and the collaboration server's counters and histograms (the ones
 * `/admin/metrics` shows), read from the collab hook at scrape time.
 */

/** A source of gauges read at scrape time, e.g. the job queue's depth once a jobs table exists. */
export type GaugeSource = () => Promise<Array<{ labels: Record<string, string>; value: number }>> | Array<{ labels: Record<string, string>; value: number }>;

export interface Metrics {
  registry: Registry;
  /** Observes one finished HTTP request. */
  observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
  /** Registers a gauge read at scrape time (e.g. `coalition_jobs`, the durable job table by state). */
  addGauge(name: string, help: string, source: GaugeSource): void;
}

const KEY = Symbol.for("coalition-workspace.metrics");
type Holder = { [KEY]?: Metrics };

/** The process's metrics (one registry per process: default metrics observe the process itself). */
export function getMetrics(): Metrics {
  const holder = globalThis as Holder;
  holder[KEY] ??= createMetrics();
  return holder[KEY]!;
}

type Sample = { metricName?: string; labels: Record<string, string | number>; value: number };

/** A metric computed at scrape time (prom-client's registry only calls get()). */
function scraped(name: string, help: string, type: "counter" | "gauge" | "histogram", values: () => Promise<Sample[]> | Sample[]): Metric {
  const metric = {
    name,
    help,
    type,
    aggregator: "sum",
    async get() {
      return { name, help, type, aggregator: "sum", values: await values() };
    },
    reset() {},
  };
  return metric as unknown as Metric;
}

const COLLAB_COUNTERS: Array<[keyof CollabMetricsSnapshot, string, string]> = [
  ["documentsLoadedTotal", "collab_documents_loaded_total", "Documents loaded into memory"],
  ["documentsUnloadedTotal", "collab_documents_unloaded_total", "Documents unloaded from memory"],
  ["connectionsTotal", "collab_connections_total", "Collaboration sockets opened"],
  ["updatesIn", "collab_updates_in_total", "Document updates received from clients"],
  ["updatesOut", "collab_updates_out_total", "Document updates relayed to clients"],
  ["framesOut", "collab_frames_out_total", "Websocket frames sent"],
  ["bytesIn", "collab_received_bytes_total", "Bytes received on collaboration sockets"],
  ["bytesOut", "collab_sent_bytes_total", "Bytes sent on collaboration sockets"],
  ["awarenessIn", "collab_awareness_in_total", "Awareness (presence) updates received"],
  ["writes", "collab_writes_total", "Group commits of document updates"],
  ["compactions", "collab_compactions_total", "Document compactions"],
  ["compactionsOnThread", "collab_compactions_on_thread_total", "Compactions rebuilt on the compaction thread"],
  ["compactionsDeferred", "collab_compactions_deferred_total", "Compactions left to the instance holding the claim"],
  ["quarantined", "collab_quarantined_total", "Updates quarantined as unreadable"],
];

function histogramSamples(name: string, h: LatencyHistogramSnapshot): Sample[] {
  const samples: Sample[] = Object.entries(h.buckets).map(([le, value]) => ({
    metricName: `${name}_bucket`,
    labels: { le: le === "+Inf" ? "+Inf" : String(Number(le) / 1000) },
    value,
  }));
  samples.push({ metricName: `${name}_sum`, labels: {}, value: h.sumMs / 1000 });
  samples.push({ metricName: `${name}_count`, labels: {}, value: h.count });
  return samples;
}

function registerCollab(registry: Registry) {
  const snap = () => collabHook()?.metrics();
  const one = (pick: (s: CollabMetricsSnapshot) => number) => () => {
    const s = snap();
    return s ? [{ labels: {}, value: pick(s) }] : [];
  };
  registry.registerMetric(scraped("collab_documents_loaded", "Documents loaded in memory now", "gauge", one((s) => s.documentsLoaded)));
  registry.registerMetric(scraped("collab_connections", "Open collaboration sockets", "gauge", one((s) => s.connections)));
  for (const [key, name, help] of COLLAB_COUNTERS) {
    registry.registerMetric(scraped(name, help, "counter", one((s) => s[key] as number)));
  }
  const byReason = (pick: (s: CollabMetricsSnapshot) => Record<string, number>) => () => {
    const s = snap();
    return s ? Object.entries(pick(s)).map(([reason, value]) => ({ labels: { reason }, value })) : [];
  };
  registry.registerMetric(scraped("collab_refusals_total", "Refused collaboration messages or sockets, by reason", "counter", byReason((s) => s.refusals)));
  registry.registerMetric(scraped("collab_closes_total", "Collaboration sockets closed by the server, by reason", "counter", byReason((s) => s.closes)));
  const histogram = (name: string, help: string, pick: (s: CollabMetricsSnapshot) => LatencyHistogramSnapshot) =>
    registry.registerMetric(
      scraped(name, help, "histogram", () => {
        const s = snap();
        return s ? histogramSamples(name, pick(s)) : [];
      }),
    );
  histogram("collab_commit_duration_seconds", "Group commits: from the start of a commit to its durability", (s) => s.commitMs);
  histogram("collab_hold_duration_seconds", "Per group commit: from the first staged update to the end of its fan-out", (s) => s.holdMs);
}

function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const http = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP requests by method, Remix route id and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  registerCollab(registry);
  // The durable job table (server/jobs): queued, running, done and dead jobs, counted at scrape time.
  registry.registerMetric(
    scraped("coalition_jobs", "Durable jobs by state", "gauge", async () =>
      Object.entries(await countJobsByState(getDb())).map(([state, value]) => ({ labels: { state }, value })),
    ),
  );
  return {
    registry,
    observeRequest({ method, route, status }, seconds) {
      http.observe({ method, route, status: String(status) }, seconds);
    },
    addGauge(name, help, source) {
      registry.registerMetric(scraped(name, help, "gauge", source));
    },
  };
}

/** Equal in constant time (both sides hashed first, so their lengths do not leak either). */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/**
 * `GET /metrics`: 404 unless METRICS_TOKEN is set (the endpoint does not exist then), 401 without
 * the right `Authorization: Bearer` token.
 */
export function metricsEndpoint(token: string | undefined): RequestHandler {
  return async (req, res, next) => {
    if (!token) return next();
    const header = req.headers.authorization ?? "";
    const given = /^Bearer (.+)$/i.exec(header)?.[1]?.trim() ?? "";
    if (!given || !tokenMatches(given, token)) {
      res.status(401).set({ "WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store" }).type("text/plain").send("Unauthorized\n");
      return;
    }
    try {
      const { registry } = getMetrics();
      const body = await registry.metrics();
      res.writeHead(200, { "Content-Type": registry.contentType, "Cache-Control": "no-store" }).end(body);
    } catch (error) {
      next(error);
    }
  };
}
