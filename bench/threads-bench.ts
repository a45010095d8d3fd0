/**
 * Thread pages under load, against the directory page `/` as the baseline in the same run.
 *
 *   node --import tsx bench/threads-bench.ts [--duration 10] [--connections 10]
 *   (DATABASE_URL defaults to file:.cache/threads-bench.db, seeded by bench/threads-seed.ts
 *   on first use; BUILD_DIR reuses an existing `remix vite:build` output.)
 *
 * The server runs in its own process (production build, SQLite), autocannon in this one, so
 * the load generator does not share the server's event loop. The machine is shared and its load
 * drifts, so the endpoints run interleaved: `rounds` rounds, each giving every endpoint `duration`
 * seconds at `connections` concurrent connections (after a 1 s warm-up); the table shows the
 * median over rounds. Results: bench/results/threads.md.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { load as measure, median, productionBuild, startApp, type Measured as Load } from "./app-under-load";

const { values } = parseArgs({
  options: { duration: { type: "string", default: "5" }, connections: { type: "string", default: "10" }, rounds: { type: "string", default: "3" } },
});
const DURATION = Number(values.duration);
const ROUNDS = Number(values.rounds);
const CONNECTIONS = Number(values.connections);
const DATABASE_URL = process.env.DATABASE_URL || "file:.cache/threads-bench.db";
process.env.DATABASE_URL = DATABASE_URL;

interface Endpoint {
  name: string;
  path: string;
  member?: boolean;
  baseline?: boolean;
}

interface Measured extends Load {
  endpoint: Endpoint;
}

async function load(base: string, e: Endpoint, cookie: string, duration: number): Promise<Measured> {
  return { endpoint: e, ...(await measure(base + e.path, e.member ? { cookie } : {}, CONNECTIONS, duration)) };
}

async function main() {
  const { buildDir, cleanup } = productionBuild();
  const { openDatabase } = await import("../db/client");
  const { migrateToLatest } = await import("../db/migrate");
  const { seedIfEmpty } = await import("../db/seed");
  const { seedThreadsBench, BENCH_MEMBER_EMAIL } = await import("./threads-seed");
  const handle = openDatabase(DATABASE_URL);
  await migrateToLatest(handle.db);
  await seedIfEmpty(handle.db);
  await seedThreadsBench(handle.db);
  const long = await handle.db
    .selectFrom("threads")
    .innerJoin("coalitions", "coalitions.id", "threads.coalition_id")
    .select(["threads.id", "threads.post_count"])
    .where("coalitions.slug", "=", "bench-long")
    .executeTakeFirstOrThrow();
  const listed = await handle.db
    .selectFrom("threads")
    .innerJoin("coalitions", "coalitions.id", "threads.coalition_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("coalitions.slug", "=", "bench-threads")
    .executeTakeFirstOrThrow();
  await handle.db.destroy();

  const { base, server } = await startApp(DATABASE_URL, buildDir);
  try {
    const { getDb } = await import("../db/client");
    const { startSession } = await import("../app/models/auth.server");
    const member = await getDb().selectFrom("users").select("id").where("email", "=", BENCH_MEMBER_EMAIL).executeTakeFirstOrThrow();
    const cookie = (await startSession(member.id)).split(";")[0];

    const thread = `/coalitions/bench-long/threads/${long.id}`;
    const baseline: Endpoint = { name: "directory `/` (baseline)", path: "/", baseline: true };
    const endpoints: Endpoint[] = [
      baseline,
      { name: "thread list, page 1 (visitor)", path: "/coalitions/bench-threads/threads" },
      { name: "thread list, page 1 (member: unread markers)", path: "/coalitions/bench-threads/threads", member: true },
      { name: "thread list, page 200 (last)", path: "/coalitions/bench-threads/threads?page=200" },
      { name: "5,000-post thread, page 1 (visitor)", path: `${thread}?page=1` },
      { name: "5,000-post thread, page 100 (last)", path: `${thread}?page=100` },
      { name: "5,000-post thread, page 50 (member)", path: `${thread}?page=50`, member: true },
      { ...baseline, name: "directory `/` (baseline, again)" },
    ];
    for (const e of endpoints) {
      const probe = await fetch(base + e.path, { headers: e.member ? { cookie } : {} });
      if (probe.status !== 200) throw new Error(`${e.path}: ${probe.status}`);
      await probe.text();
    }
    const runs = new Map<Endpoint, Measured[]>(endpoints.map((e) => [e, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const e of endpoints) {
        await load(base, e, cookie, 1);
        const m = await load(base, e, cookie, DURATION);
        runs.get(e)!.push(m);
        console.log(`round ${round}: ${e.name}: ${m.rps.toFixed(0)} req/s, p99 ${m.p99} ms, ${m.bad} non-2xx/errors`);
      }
    }
    const results: Measured[] = endpoints.map((e) => {
      const ms = runs.get(e)!;
      return {
        endpoint: e,
        rps: median(ms.map((m) => m.rps)),
        p50: median(ms.map((m) => m.p50)),
        p99: median(ms.map((m) => m.p99)),
        mean: median(ms.map((m) => m.mean)),
        requests: ms.reduce((s, m) => s + m.requests, 0),
        bad: ms.reduce((s, m) => s + m.bad, 0),
      };
    });
    const baseRuns = results.filter((r) => r.endpoint.baseline);
    const baseRps = baseRuns.reduce((s, r) => s + r.rps, 0) / baseRuns.length;
    const baseP99 = baseRuns.reduce((s, r) => s + r.p99, 0) / baseRuns.length;
    const rows = results.map((r) => {
      const rpsRatio = baseRps / r.rps;
      const p99Ratio = r.p99 / baseP99;
      const ok = r.endpoint.baseline ? "" : rpsRatio <= 3 && p99Ratio <= 3 && r.bad === 0 ? "yes" : "**no**";
      return `| ${r.endpoint.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.endpoint.baseline ? "" : `${rpsRatio.toFixed(2)}×`} | ${r.endpoint.baseline ? "" : `${p99Ratio.toFixed(2)}×`} | ${r.bad} | ${ok} |`;
    });
    const report = [
      `Threads benchmark, ${new Date().toISOString().slice(0, 16)}Z: SQLite, production build, server in its own process; autocannon 8, ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${DURATION} s per endpoint (1 s warm-up each), medians over rounds; ${cpus().length} shared CPU cores. Data: ${Number(listed.n).toLocaleString("en")} threads in one coalition, one thread of ${Number(long.post_count).toLocaleString("en")} posts (50 per page). Baseline = mean of the two directory rows (${baseRps.toFixed(0)} req/s, p99 ${baseP99.toFixed(0)} ms).`,
      "",
      "| endpoint | req/s | p50 ms | p99 ms | slower than baseline (req/s) | p99 vs baseline | non-2xx/errors | within 3× |",
      "|---|---:|---:|---:|---:|---:|---:|---|",
      ...rows,
      "",
    ].join("\n");
    mkdirSync(resolve("bench/results"), { recursive: true });
    writeFileSync(resolve("bench/results/threads.md"), report);
    console.log(`\n${report}`);
  } finally {
    server.kill("SIGTERM");
    cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
