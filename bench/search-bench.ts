/**
 * Search latency against the directory page, in the same run, over HTTP on the real server.
 *
 *   node --import tsx bench/search-seed.ts            # once: 100,000 posts, 2,000 documents
 *   node --import tsx bench/search-bench.ts [--rounds 150]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/cw_search_bench for PostgreSQL (seed it the same way)
 *
 * Requests are sequential and interleaved (one of each endpoint per round) so that both
 * sides see the same machine load. Results: bench/results/search-<dialect>.md.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "150" }, warmup: { type: "string", default: "10" } } });
const ROUNDS = Number(values.rounds);
const WARMUP = Number(values.warmup);
const DATABASE_URL = process.env.DATABASE_URL || "file:.cache/search-bench.db";
const BENCH_MEMBER_EMAIL = "bench-member@example.org";

interface Endpoint {
  name: string;
  path: string;
  as: "anonymous" | "member";
  baseline?: boolean;
}

const search = (q: string) => `/search?${new URLSearchParams({ q })}`;
const ENDPOINTS: Endpoint[] = [
  { name: "directory `/` (baseline)", path: "/", as: "anonymous", baseline: true },
  { name: "directory `/` as member (with activity feed)", path: "/", as: "member" },
  { name: "search `interoperability` (visitor)", path: search("interoperability"), as: "anonymous" },
  { name: "search `interoperability`", path: search("interoperability"), as: "member" },
  { name: 'search `"open standards"` (phrase)', path: search('"open standards"'), as: "member" },
  { name: "search `stand*` (prefix)", path: search("stand*"), as: "member" },
  { name: "search `privacy cooperation consensus`", path: search("privacy cooperation consensus"), as: "member" },
  { name: "search `kalomi` (rare word)", path: search("kalomi"), as: "member" },
  { name: "search `the` (in most posts)", path: search("the"), as: "member" },
  { name: "search `开放标准` (Chinese)", path: search("开放标准"), as: "member" },
  { name: "search `标准` (2 characters)", path: search("标准"), as: "member" },
  { name: "search `interop*` page 5, threads, 2025", path: `/search?${new URLSearchParams({ q: "interop*", kind: "threads", from: "2025-01-01", to: "2025-12-31", page: "5" })}`, as: "member" },
];

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

async function main() {
  const buildDir = process.env.BUILD_DIR ?? (mkdirSync(resolve(".cache"), { recursive: true }), mkdtempSync(resolve(".cache/bench-build-")));
  if (!process.env.BUILD_DIR) {
    execFileSync(resolve("node_modules/.bin/remix"), ["vite:build"], { env: { ...process.env, BUILD_DIR: buildDir, NODE_ENV: "production" }, stdio: ["ignore", "ignore", "inherit"] });
  }
  process.env.BUILD_DIR = buildDir;
  const { startServer } = await import("../server/index");
  const { getDb, getDbHandle } = await import("../db/client");
  const { startSession } = await import("../app/models/auth.server");
  const running = await startServer({ PORT: "0", HOST: "127.0.0.1", DATABASE_URL, LOG_LEVEL: "silent", NODE_ENV: "production" });
  try {
    const member = await getDb().selectFrom("users").select("id").where("email", "=", BENCH_MEMBER_EMAIL).executeTakeFirst();
    if (!member) throw new Error(`no ${BENCH_MEMBER_EMAIL} in ${DATABASE_URL}: run bench/search-seed.ts first`);
    const cookie = (await startSession(member.id)).split(";")[0];
    const counts = await getDb()
      .selectFrom("posts")
      .select((eb) => [eb.fn.countAll<number>().as("posts")])
      .executeTakeFirstOrThrow();
    const docs = await getDb().selectFrom("documents").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();

    const timings = new Map<string, number[]>(ENDPOINTS.map((e) => [e.name, []]));
    const hit = async (e: Endpoint) => {
      const t = performance.now();
      const res = await fetch(new URL(e.path, running.url), { headers: e.as === "member" ? { Cookie: cookie } : {} });
      const body = await res.text();
      const ms = performance.now() - t;
      if (res.status !== 200) throw new Error(`${e.path}: ${res.status} ${body.slice(0, 200)}`);
      return ms;
    };
    const loadBefore = loadavg();
    for (let i = 0; i < WARMUP; i++) for (const e of ENDPOINTS) await hit(e);
    for (let r = 0; r < ROUNDS; r++) for (const e of ENDPOINTS) timings.get(e.name)!.push(await hit(e));

    const base = [...timings.get(ENDPOINTS[0].name)!].sort((a, b) => a - b);
    const baseP99 = quantile(base, 0.99);
    const rows = ENDPOINTS.map((e) => {
      const s = [...timings.get(e.name)!].sort((a, b) => a - b);
      const p50 = quantile(s, 0.5);
      const p99 = quantile(s, 0.99);
      const ok = e.baseline ? "" : p99 < 100 && p99 < 10 * baseP99 ? "yes" : "**no**";
      return `| ${e.name} | ${p50.toFixed(1)} | ${p99.toFixed(1)} | ${e.baseline ? "1.0×" : `${(p99 / baseP99).toFixed(1)}×`} | ${ok} |`;
    });
    const loadAfter = loadavg();
    const kind = getDbHandle().kind;
    const report = [
      `Search benchmark, ${new Date().toISOString().slice(0, 16)}Z, ${kind}, ${counts.posts} posts, ${docs.n} documents, ${ROUNDS} rounds (sequential, interleaved, after ${WARMUP} warm-up rounds), full HTML responses. Load average (1/5/15 min) ${loadBefore.map((l) => l.toFixed(2)).join("/")} before, ${loadAfter.map((l) => l.toFixed(2)).join("/")} after (2 cores, shared).`,
      "",
      "| endpoint | p50 ms | p99 ms | p99 vs baseline | target met (p99 < 100 ms and < 10× baseline) |",
      "|---|---:|---:|---:|---|",
      ...rows,
      "",
    ].join("\n");
    mkdirSync(resolve("bench/results"), { recursive: true });
    writeFileSync(resolve(`bench/results/search-${kind}.md`), report);
    console.log(report);
  } finally {
    await running.close();
    if (!process.env.BUILD_DIR_KEEP && buildDir.includes("bench-build-")) rmSync(buildDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
