#!/usr/bin/env node
// Scale-out benchmark: the collaboration fan-out workload (open loop, N clients on one document,
// R edits/s each) against ONE app instance and against TWO instances sharing PostgreSQL and Redis
// with the clients split between them. Latency is sender → every other client, across instances
// included; the two-instance p99 ÷ one-instance p99 is the number the scale-out issue targets (≤ 1.5×).
//
//   node cluster-fanout.js [--reps 5] [--clients 100] [--rate 10] [--warmup 2] [--measure 6] [--wait-quiet LOAD] [--label NAME]
//
// Needs the machine's PostgreSQL (createdb/dropdb, trust auth; BENCH_PG, default
// postgres://postgres@127.0.0.1:5432) and Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379).
// Every repetition gets a fresh database (dropped afterwards); both modes run in it, each on its own
// document and fresh server processes; the order one/two alternates between repetitions. Servers are
// pinned to core 0 (both instances), this generator re-executes itself on core 1, as run.js does.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { now } from "./lib/client.js";
import { TagLedger, closeAll, connectAll, openLoopMaxSeq, startOpenLoop } from "./lib/harness.js";
import { printTable } from "./lib/report.js";
import { APP_ROOT, GENERATOR_CORE, ServerProcess, cpuMs, freshDir, loadAvg, machineInfo, pinGenerator, sleep } from "./lib/servers.js";
import { Samples, medians, summarize } from "./lib/stats.js";

const BENCH = resolve(fileURLToPath(import.meta.url), "..");
pinGenerator();

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const reps = Number(opt("reps", 5));
const P = {
  clients: Number(opt("clients", 100)),
  rate: Number(opt("rate", 10)),
  warmupS: Number(opt("warmup", 2)),
  measureS: Number(opt("measure", 6)),
};
const PG = new URL(process.env.BENCH_PG ?? "postgres://postgres@127.0.0.1:5432");
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

const stamp = new Date().toISOString().replace(/[:]/g, "-").replace(/\..*/, "");
const work = join(BENCH, "results/tmp", `cluster-${stamp}`);
const logDir = join(work, "logs");
mkdirSync(work, { recursive: true });
const machine = { ...machineInfo(), cores: `both instances on core 0, generator on core ${GENERATOR_CORE}; PostgreSQL and Redis unpinned` };
console.log(`cluster fan-out reps=${reps} clients=${P.clients} rate=${P.rate}/s · node ${machine.node} · ${machine.cpu} · commit ${machine.commit}`);
console.log(`load average at start: ${loadAvg().join(" ")} (2 cores shared with other work)`);

const pgArgs = ["-h", PG.hostname, "-p", PG.port || "5432", "-U", PG.username || "postgres"];
const dbUrl = (name) => `postgres://${PG.username || "postgres"}@${PG.hostname}:${PG.port || "5432"}/${name}`;

/** Redis server pid (for its CPU) when it runs on this machine; null otherwise. */
function redisPid() {
  try {
    const info = execFileSync("redis-cli", ["-u", REDIS_URL, "info", "server"], { encoding: "utf8" });
    const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
    cpuMs(pid);
    return pid;
  } catch {
    return null;
  }
}
const REDIS_PID = redisPid();

/** CPU of every PostgreSQL process on the machine (informational: other work may use it too). */
function postgresCpuMs() {
  let total = 0;
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, "utf8").trim() === "postgres") total += cpuMs(d);
    } catch {}
  }
  return total;
}

/** ns the process's main thread (the event loop) spent waiting for a CPU (run queue), from schedstat. */
function runQueueWaitMs(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[1]) / 1e6;
  } catch {
    return NaN;
  }
}

/** Waits until /healthz says postgres and Redis ready: a relay that is not connected would measure nothing. */
async function waitHealthy(server) {
  const t0 = now();
  let last = null;
  while (now() - t0 < 15000) {
    try {
      last = await (await fetch(`http://127.0.0.1:${server.port}/healthz`)).json();
      if (last.redis === "ready" && last.database?.kind === "postgres") return last;
    } catch {}
    await sleep(100);
  }
  throw new Error(`instance ${server.name} not healthy on postgres + redis: ${JSON.stringify(last)}`);
}

/** Starts `count` instances into `servers` (the caller's array, so it can stop them if one fails). */
async function startInstances(servers, count, dbName, fixture, rep, mode) {
  const env = { DATABASE_URL: dbUrl(dbName), REDIS_URL };
  for (let k = 0; k < count; k++) {
    const name = `r${rep}-${mode}-${"AB"[k]}`;
    const dataDir = freshDir(work, name);
    const s = new ServerProcess("ours", { dataDir, fixture, logDir, env: { ...env, INSTANCE_ID: name }, name });
    servers.push(s);
    await s.start();
    await waitHealthy(s);
  }
}

/**
 * One open-loop fan-out run over `servers`: clients are split evenly (client i on instance
 * floor(i·k/N)); every edit's tag is timed to every other client. Throws when two instances
 * deliver nothing across (the relay is not working and the numbers would be meaningless).
 */
async function clusterFanout(servers, doc) {
  const { clients, rate, warmupS, measureS } = P;
  const k = servers.length;
  const inst = (i) => Math.floor((i * k) / clients);
  const maxSeq = openLoopMaxSeq(P);
  const ledger = new TagLedger(clients, maxSeq);
  const ledgerOnTag = ledger.onTag;
  const local = new Samples(1 << 18);
  const cross = new Samples(1 << 18);
  let crossDelivered = 0;
  const onTag = (s, q, r, at) => {
    if (s >= clients || r >= clients || q > maxSeq) return;
    const fresh = !ledger.seen[r][s * (maxSeq + 1) + q];
    ledgerOnTag(s, q, r, at);
    if (!fresh) return;
    const isCross = inst(s) !== inst(r);
    if (isCross) crossDelivered++;
    const t = ledger.sendAt[s][q];
    if (t >= ledger.windowStart && t < ledger.windowEnd) (isCross ? cross : local).push(at - t);
  };
  const cs = [];
  for (let j = 0; j < k; j++) {
    const firstId = Math.ceil((j * clients) / k);
    const count = Math.ceil(((j + 1) * clients) / k) - firstId;
    cs.push(...(await connectAll(servers[j], doc, count, { firstId, onTag })));
  }
  await sleep(200);
  const { running } = await startOpenLoop(cs, ledger, { rate, warmupS, measureS });
  // Measured window: CPU of every instance (summed), Redis, PostgreSQL; probes reset loop delay.
  for (const s of servers) s.signalProbe({ gc: false }); // no forced GC inside the window (see run.js's measureWindow)
  const cpu0 = servers.map((s) => s.cpuMs());
  const wait0 = servers.map((s) => runQueueWaitMs(s.pid));
  const redis0 = REDIS_PID ? cpuMs(REDIS_PID) : NaN;
  const pg0 = postgresCpuMs();
  const gen0 = process.cpuUsage();
  const t0 = now();
  const sendErrors = await running;
  const elapsed = now() - t0;
  const cpu1 = servers.map((s) => s.cpuMs());
  const wait1 = servers.map((s) => runQueueWaitMs(s.pid));
  const redisMs = REDIS_PID ? cpuMs(REDIS_PID) - redis0 : NaN;
  const pgMs = postgresCpuMs() - pg0;
  const gen = process.cpuUsage(gen0);
  const probes = await Promise.all(servers.map((s) => s.probe({ gc: false }))); // edits still in flight: no forced GC
  await ledger.drain(3000, 20000); // "lost" = not delivered after 3 s without any delivery (20 s at most)

  // Loss and deliveries, split local / across instances.
  let expected = 0;
  let missing = 0;
  let crossExpected = 0;
  let crossMissing = 0;
  let edits = 0;
  for (let s = 0; s < clients; s++) {
    for (let q = 1; q <= maxSeq; q++) {
      const t = ledger.sendAt[s][q];
      if (!(t >= ledger.windowStart && t < ledger.windowEnd)) continue;
      edits++;
      for (let r = 0; r < clients; r++) {
        if (r === s) continue;
        const miss = !ledger.seen[r][s * (maxSeq + 1) + q];
        expected++;
        if (miss) missing++;
        if (inst(r) !== inst(s)) {
          crossExpected++;
          if (miss) crossMissing++;
        }
      }
    }
  }
  const closedEarly = cs.filter((c) => c.closed).map((c) => c.closeCode);
  await closeAll(cs);
  if (k > 1 && crossDelivered === 0) {
    throw new Error(`no update crossed between the ${k} instances: the Redis relay is not working (see ${logDir})`);
  }
  const windowS = (ledger.windowEnd - ledger.windowStart) / 1000;
  const lat = ledger.latencySummary();
  const lo = summarize(local.values());
  const cr = summarize(cross.values());
  // Without the relay, updates still cross late (an instance sends its clients what it re-read
  // from the database when it compacts): a median crossing far slower than a local delivery means
  // the relay is not carrying them.
  if (k > 1 && !(cr.p50 <= Math.max(100, 10 * lo.p50))) {
    throw new Error(`updates crossed between instances at p50 ${cr.p50.toFixed(0)} ms (local ${lo.p50.toFixed(1)} ms): the Redis relay is not working (see ${logDir})`);
  }
  const cpuMsSum = cpu1.reduce((a, c, i) => a + c - cpu0[i], 0);
  return {
    p50: lat.p50,
    p95: lat.p95,
    p99: lat.p99,
    max: lat.max,
    samples: lat.n,
    localP50: lo.p50,
    localP99: lo.p99,
    crossP50: cr.p50,
    crossP99: cr.p99,
    crossSamples: cr.n,
    editsPerS: edits / windowS,
    deliveriesPerS: (expected - missing) / windowS,
    expected,
    lost: missing,
    crossExpected,
    crossLost: crossMissing,
    crossDelivered,
    sendErrors,
    closedEarly: closedEarly.length,
    closeCodes: [...new Set(closedEarly)].join(",") || undefined,
    cpuPct: (cpuMsSum / elapsed) * 100,
    cpuPctPerInstance: cpu1.map((c, i) => ((c - cpu0[i]) / elapsed) * 100),
    // Time the event loop was runnable but had no CPU (other processes on core 0, or the other instance).
    runQueueWaitPct: Math.max(...wait1.map((w, i) => ((w - wait0[i]) / elapsed) * 100)),
    redisCpuPct: (redisMs / elapsed) * 100,
    postgresCpuPct: (pgMs / elapsed) * 100,
    loopP99: Math.max(...probes.map((p) => p?.loopP99Ms ?? NaN)),
    generatorCpuPct: ((gen.user + gen.system) / 1000 / elapsed) * 100,
  };
}

// --wait-quiet L: before each run, wait (up to 60 s) until the 1-minute load average is below L.
const quietBelow = Number(opt("wait-quiet", 0));
async function waitQuiet() {
  const t0 = Date.now();
  while (quietBelow && loadAvg()[0] >= quietBelow && Date.now() - t0 < 60000) await sleep(2000);
}

const runs = { one: [], two: [] };
for (let r = 0; r < reps; r++) {
  const dbName = `cw_bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  execFileSync("createdb", [...pgArgs, dbName]);
  try {
    const out = execFileSync("node", ["--import", "tsx", "bench/our-fixture.ts", String(P.clients), "fanout-one", "fanout-two"], {
      cwd: APP_ROOT,
      env: { ...process.env, DATABASE_URL: dbUrl(dbName), APP_ORIGIN: "http://127.0.0.1:1", LOG_LEVEL: "silent" },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    const fixture = JSON.parse(out);
    const order = r % 2 === 0 ? ["one", "two"] : ["two", "one"];
    for (const mode of order) {
      const servers = [];
      await waitQuiet();
      const load1 = loadAvg()[0];
      try {
        await startInstances(servers, mode === "one" ? 1 : 2, dbName, fixture, r, mode);
        const result = await clusterFanout(servers, `fanout-${mode}`);
        runs[mode].push({ rep: r, load1, loadAfter: loadAvg()[0], ...result });
        console.log(
          `  rep ${r + 1} ${mode}: p50 ${result.p50.toFixed(1)} p99 ${result.p99.toFixed(1)} ms (across ${result.crossP99?.toFixed?.(1) ?? "-"}) · lost ${result.lost}/${result.expected} · CPU ${result.cpuPct.toFixed(0)} % (waiting for a CPU ${result.runQueueWaitPct.toFixed(0)} %; redis ${result.redisCpuPct.toFixed(0)}, pg ${result.postgresCpuPct.toFixed(0)}) · ${Math.round(result.deliveriesPerS)} deliveries/s · load ${load1}`,
        );
      } catch (error) {
        console.log(`  rep ${r + 1} ${mode}: FAILED ${error.message}`);
        runs[mode].push({ rep: r, load1, error: error.message });
        process.exitCode = 1; // a failed run (no relay, unhealthy instance, lost connection) fails the benchmark
      } finally {
        for (const s of servers) await s.kill("SIGTERM");
      }
    }
  } finally {
    try {
      execFileSync("dropdb", [...pgArgs, "--force", "--if-exists", dbName]); // --force: a stopped server's backend may linger a moment
    } catch (error) {
      console.log(`  (could not drop ${dbName}: ${error.message})`);
    }
  }
}

const ok = (k) => runs[k].filter((x) => !x.error);
const summary = { one: medians(ok("one")), two: medians(ok("two")) };
console.log(`\nfan-out on PostgreSQL + Redis, ${P.clients} clients × ${P.rate} edits/s, one document (median [min–max] of ${reps}):`);
printTable(summary, runs, ["p50", "p99", "max", "crossP99", "lost", "cpuPct", "runQueueWaitPct", "redisCpuPct", "postgresCpuPct", "deliveriesPerS", "load1"]);
const ratios = Object.fromEntries(["p50", "p99", "cpuPct", "deliveriesPerS"].map((m) => [m, summary.two[m] / summary.one[m]]));
console.log(`  two ÷ one: p50 ${ratios.p50.toFixed(2)}× · p99 ${ratios.p99.toFixed(2)}× (target ≤ 1.5×: ${ratios.p99 <= 1.5 ? "met" : "NOT met"}) · CPU ${ratios.cpuPct.toFixed(2)}× · deliveries/s ${ratios.deliveriesPerS.toFixed(2)}×`);

const date = new Date().toISOString().slice(0, 10);
const label = opt("label", ""); // e.g. --label no-compaction for a diagnostic run kept apart
const file = join(BENCH, "results", `cluster-fanout-${date}${label ? `-${label}` : ""}.json`);
writeFileSync(
  file,
  JSON.stringify({ scenario: "cluster-fanout", at: new Date().toISOString(), machine, params: { ...P, reps, redis: REDIS_URL, postgres: PG.host, collabEnv: Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("COLLAB_"))) }, summary, ratios, runs, loadAfter: loadAvg() }, null, 2),
);
console.log(`wrote ${file}`);
