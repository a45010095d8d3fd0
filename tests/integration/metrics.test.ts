import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { enqueue } from "../../db/queries/jobs";
import { tokenMatches } from "../../server/observability/metrics";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

const TOKEN = "scrape-token-0123456789abcdef";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus text format 0.0.4 (comments, `name{label="value",…} number`); throws on a bad line. */
function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim() || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    // Prometheus reads values with Go's ParseFloat: NaN and ±Inf in any case (prom-client writes "Nan"
    // for a gauge with no observation yet, e.g. the event-loop lag right after start).
    const raw = m[3]!;
    const value = /^nan$/i.test(raw) ? NaN : /^[+-]?inf$/i.test(raw) ? (raw.startsWith("-") ? -Infinity : Infinity) : Number(raw);
    if (Number.isNaN(value) && !/^nan$/i.test(raw)) throw new Error(`not a number: ${line}`);
    samples.push({ name: m[1]!, labels, value });
  }
  return samples;
}

describe("/metrics", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ METRICS_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("is refused without the token and with a wrong one", async () => {
    const client = new TestClient(server.url);
    const none = await client.get("/metrics");
    expect(none.status).toBe(401);
    expect(await none.text()).not.toMatch(/process_cpu/);
    const wrong = await client.get("/metrics", { headers: { Authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    const basic = await client.get("/metrics", { headers: { Authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}` } });
    expect(basic.status).toBe(401);
  });

  it("answers parseable Prometheus text with the token: defaults, collaboration counters and durations by route", async () => {
    const client = new TestClient(server.url);
    expect((await client.get("/login")).status).toBe(200);
    const res = await client.get("/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parsePrometheus(await res.text());
    const names = new Set(samples.map((s) => s.name));
    expect(names).toContain("process_cpu_user_seconds_total");
    expect(names).toContain("nodejs_heap_size_used_bytes");
    expect(names).toContain("collab_connections");
    expect(names).toContain("collab_commit_duration_seconds_count");
    const login = samples.find((s) => s.name === "http_request_duration_seconds_count" && s.labels.route === "routes/login" && s.labels.method === "GET" && s.labels.status === "200");
    expect(login?.value).toBeGreaterThanOrEqual(1);
    // Routes are labelled by route id, never by a raw path with ids in it.
    const routes = new Set(samples.filter((s) => s.name === "http_request_duration_seconds_count").map((s) => s.labels.route));
    for (const route of routes) expect(route).toMatch(/^(routes\/|root$|\(static\)$|\(no route\)$|\/metrics$)/);
  });

  it("counts the durable job table by state at scrape time", async () => {
    const client = new TestClient(server.url);
    const queued = async () => {
      const res = await client.get("/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } });
      return parsePrometheus(await res.text()).find((s) => s.name === "coalition_jobs" && s.labels.state === "queued")?.value;
    };
    const before = (await queued()) ?? 0;
    // Due next year: it stays queued while we look.
    await enqueue(getDb(), "noop", { note: "metrics" }, { runAt: new Date(Date.now() + 365 * 86_400_000) });
    await enqueue(getDb(), "noop", { note: "metrics" }, { runAt: new Date(Date.now() + 365 * 86_400_000) });
    expect(await queued()).toBe(before + 2);
  });

  it("names a route with parameters by its id, not its path", async () => {
    const client = new TestClient(server.url);
    await client.get("/invitations/not-a-real-token-123");
    const text = await (await client.get("/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } })).text();
    expect(text).toContain('route="routes/invitations.$token"');
    expect(text).not.toContain("not-a-real-token-123");
  });
});

describe("/metrics without METRICS_TOKEN", () => {
  it("does not exist (404), whatever is sent", async () => {
    const server = await startTestServer();
    try {
      const res = await new TestClient(server.url).get("/metrics", { headers: { Authorization: "Bearer anything-at-all-1234" } });
      expect(res.status).toBe(404);
      expect(await res.text()).not.toMatch(/process_cpu/);
    } finally {
      await server.close();
    }
  });
});

describe("tokenMatches", () => {
  it("accepts only the exact token", () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(TOKEN.slice(0, -1), TOKEN)).toBe(false);
    expect(tokenMatches(`${TOKEN}0`, TOKEN)).toBe(false);
    expect(tokenMatches("", TOKEN)).toBe(false);
  });
});
