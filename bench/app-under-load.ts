/**
 * What the page benchmarks share (threads-bench.ts, i18n-bench.ts): a production build, the app
 * started in its own process on SQLite (so the load generator does not share its event loop),
 * and autocannon runs against it.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import autocannon from "autocannon";

export interface Measured {
  rps: number;
  p50: number;
  p99: number;
  mean: number;
  requests: number;
  bad: number;
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
    s.on("error", fail);
  });
}

/** BUILD_DIR when set (reused), else a fresh `remix vite:build` in .cache/ (removed by `cleanup`). */
export function productionBuild(): { buildDir: string; cleanup: () => void } {
  if (process.env.BUILD_DIR) return { buildDir: process.env.BUILD_DIR, cleanup: () => {} };
  mkdirSync(resolve(".cache"), { recursive: true });
  const buildDir = mkdtempSync(resolve(".cache/bench-build-"));
  execFileSync(resolve("node_modules/.bin/remix"), ["vite:build"], { env: { ...process.env, BUILD_DIR: buildDir, NODE_ENV: "production" }, stdio: ["ignore", "ignore", "inherit"] });
  return { buildDir, cleanup: () => rmSync(buildDir, { recursive: true, force: true }) };
}

/** Starts `server/index.ts` on a free port and waits for /healthz (up to 2 minutes: tsx is slow to start on a busy machine). */
export async function startApp(databaseUrl: string, buildDir: string): Promise<{ base: string; server: ChildProcess }> {
  const port = await freePort();
  const server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: databaseUrl, NODE_ENV: "production", BUILD_DIR: buildDir, LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 1200) {
      server.kill("SIGTERM");
      throw new Error("server did not start");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, server };
}

export async function load(url: string, headers: Record<string, string>, connections: number, duration: number): Promise<Measured> {
  const result = await autocannon({ url, connections, duration, headers });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.mean,
    requests: result.requests.total,
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
