#!/usr/bin/env node
// Side-by-side benchmark of our collaboration server against the reference Yjs servers.
//
//   node run.js [--quick] [--reps N] [--servers ours,hp4,hp3,yws15,ywss,relay]
//               [--scenarios fanout,sweep,burst,cold,storm,churn,crash] [--wait-quiet LOAD]
//               [--fanout-doc storm-1mb] [--fanout-seconds 30] [--fanout-warmup 10] [--label run30]
//
// This process is the load generator; it re-executes itself pinned to core 1 (`taskset -c 1`) and
// starts every server pinned to core 0, one at a time, fresh for every repetition. Each scenario
// prints a table of medians and ratios and writes bench/results/<scenario>-<date>[-label].json (never
// over an earlier file: -2, -3… are added).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { GENERATOR_CORE, SERVERS, ServerProcess, freshDir, isOurs, loadAvg, machineInfo, pinGenerator } from "./lib/servers.js";
import { bigDoc, hocuspocusTemplate, leveldbTemplate, oursTemplate, stateOf, typedDoc } from "./lib/docs.js";
import { fanout, burst } from "./scenarios/fanout.js";
import { coldLoad, joinStorm, churn, crash } from "./scenarios/storage.js";
import { printTable } from "./lib/report.js";
import { medians } from "./lib/stats.js";

const BENCH = resolve(fileURLToPath(import.meta.url), "..");
pinGenerator();

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const quick = flag("quick");
const reps = Number(opt("reps", quick ? 1 : 5));
const servers = opt("servers", Object.keys(SERVERS).filter((k) => !SERVERS[k].optional).join(",")).split(",");
const scenarios = opt("scenarios", "fanout,sweep,burst,cold,storm,churn,crash").split(",");
// --fanout-doc storm-1mb: the same fan-out on the prepared 1 MB document (its compactions encode 1 MB).
const fanoutDoc = opt("fanout-doc", "fanout");
// --fanout-seconds 30: a longer measured window than 6 s (periodic work such as compactions averages
// out instead of landing in the window or not); saved as fanout-30s-<date>.json.
/** A number option that must be positive when given; null when not given. */
function positiveOpt(name) {
  const v = opt(name, null);
  if (v !== null && !(Number(v) > 0)) throw new Error(`--${name} must be a positive number, got ${v}`);
  return v === null ? null : Number(v);
}
const fanoutSeconds = positiveOpt("fanout-seconds");
const P = quick
  ? { fanout: { warmupS: 1, measureS: 3 }, sweepRates: [10, 20], sweepMeasureS: 3, storm: ["storm-1mb"], churnDocs: 300, crashCycles: 3 }
  : { fanout: { warmupS: 2, measureS: 6 }, sweepRates: [5, 10, 15, 20, 30, 40, 60, 80, 120, 160], sweepMeasureS: 4, storm: ["storm-1mb", "storm-10mb"], churnDocs: 3000, crashCycles: 20 };

if (fanoutSeconds) P.fanout.measureS = fanoutSeconds;
// --fanout-warmup 10: a longer warm-up before the fan-out window than 2 s (the first seconds of a
// fresh process include JIT compilation, which on one pinned core competes with the event loop).
const fanoutWarmup = positiveOpt("fanout-warmup");
// --label run30: appended to the result files' names (results/fanout-<date>-run30.json).
const label = opt("label", "");
if (label && !/^[A-Za-z0-9._-]+$/.test(label)) throw new Error(`--label takes letters, digits, ".", "_" and "-", got ${label}`);
if (fanoutWarmup) P.fanout.warmupS = fanoutWarmup;

const stamp = new Date().toISOString().replace(/[:]/g, "-").replace(/\..*/, "");
const work = join(BENCH, "results/tmp", `run-${stamp}`);
const logDir = join(work, "logs");
mkdirSync(work, { recursive: true });
const machine = { ...machineInfo(), cores: `server on core ${process.env.BENCH_SERVER_CORE ?? 0}, generator on core ${GENERATOR_CORE}` };
console.log(`bench ${quick ? "--quick " : ""}reps=${reps} servers=${servers.join(",")} · node ${machine.node} · ${machine.cpu} · commit ${machine.commit}`);
console.log(`load average at start: ${loadAvg().join(" ")} (2 cores shared with other work)`);

// ---- templates: the same documents in every server's own storage ----
const needsDocs = scenarios.some((s) => ["cold", "storm"].includes(s));
const templates = {};
let fixture = null;
{
  const t0 = performance.now();
  const typed = needsDocs ? typedDoc(100000, join(BENCH, "results/tmp")) : null;
  const big = {};
  for (const name of P.storm) if (scenarios.includes("storm") || name === fanoutDoc) big[name] = bigDoc(name === "storm-10mb" ? 10 * 1024 * 1024 : 1024 * 1024);
  const snapshots = { ...(typed ? { cold: typed.state } : {}), ...Object.fromEntries(Object.entries(big).map(([k, v]) => [k, v.state])) };
  // Ours compacts the log into the snapshot every 2,000 rows (COLLAB_COMPACT_MAX_UPDATES), so the
  // longest natural tail is ~2,000 rows: "cold-log" = snapshot of the first 98,001 edits + 2,000 rows.
  const TAIL = 2000;
  if (typed && servers.includes("ours")) snapshots["cold-log"] = stateOf(typed.updates.slice(0, -TAIL));
  if (servers.some(isOurs)) {
    templates.ours = join(work, "tpl-ours");
    fixture = oursTemplate(templates.ours, {
      users: 120,
      docNames: ["fanout", "burst", "crash", "cold", "cold-log", ...P.storm, `churn*${P.churnDocs + 20}`],
      snapshots,
      logs: typed ? { "cold-log": typed.updates.slice(-TAIL) } : {},
    });
  }
  if (servers.some((s) => s.startsWith("hp"))) {
    templates.hp = join(work, "tpl-hp");
    hocuspocusTemplate(templates.hp, snapshots);
  }
  if (servers.some((s) => s.startsWith("yws"))) {
    templates.ldb = join(work, "tpl-ldb");
    await leveldbTemplate(templates.ldb, {
      ...(typed ? { cold: typed.updates } : {}),
      ...Object.fromEntries(Object.entries(big).map(([k, v]) => [k, v.updates])),
    });
  }
  console.log(`templates ready in ${((performance.now() - t0) / 1000).toFixed(1)} s${typed ? ` (100k-edit document: ${typed.state.length} bytes, ${typed.chars} characters)` : ""}`);
}

function templateFor(kind) {
  if (isOurs(kind)) return templates.ours;
  if (kind.startsWith("hp")) return templates.hp;
  if (kind.startsWith("yws")) return templates.ldb;
  return undefined;
}

// --wait-quiet L: before each run, wait (up to 60 s) until the 1-minute load average is below L.
const quietBelow = Number(opt("wait-quiet", 0));
async function waitQuiet() {
  if (!quietBelow) return;
  const t0 = Date.now();
  while (loadAvg()[0] >= quietBelow && Date.now() - t0 < 60000) await new Promise((r) => setTimeout(r, 2000));
}

let runCounter = 0;
async function start(kind, dir) {
  const dataDir = dir ?? freshDir(work, `data-${runCounter++}`, templateFor(kind));
  return new ServerProcess(kind, { dataDir, fixture, logDir }).start();
}

/** Runs `fn(server)` on a fresh server, `reps` times per server, interleaving servers per repetition. */
async function perServer(kinds, count, fn) {
  const runs = Object.fromEntries(kinds.map((k) => [k, []]));
  for (let r = 0; r < count; r++) {
    for (const kind of kinds) {
      let s;
      try {
        await waitQuiet();
        const load1 = loadAvg()[0];
        s = await start(kind);
        runs[kind].push({ ...(await fn(s, kind)), load1 });
      } catch (err) {
        console.error(`  ${kind} rep ${r + 1}: ${err.message}`);
        runs[kind].push({ error: err.message });
      } finally {
        // BENCH_STOP_SIGNAL=SIGTERM lets a server exit on its own (e.g. to write a --cpu-prof).
        await s?.kill(process.env.BENCH_STOP_SIGNAL ?? "SIGKILL");
      }
    }
    process.stdout.write(`  rep ${r + 1}/${count} done\n`);
  }
  return runs;
}

/**
 * results/<base>.json, or <base>-2.json, -3… when that exists: a second run of the same scenario on
 * the same day (with the same --label) never overwrites the first.
 */
function resultFile(base) {
  for (let n = 1; ; n++) {
    const file = join(BENCH, "results", `${base}${n > 1 ? `-${n}` : ""}.json`);
    if (!existsSync(file)) return file;
  }
}

function save(name, params, runs, extra = {}) {
  const summary = Object.fromEntries(Object.entries(runs).map(([k, rs]) => [k, medians(rs.filter((r) => !r.error))]));
  const file = resultFile(`${name}-${stamp.slice(0, 10)}${quick ? "-quick" : ""}${label ? `-${label}` : ""}`);
  const load = loadAvg();
  writeFileSync(file, JSON.stringify({ scenario: name, date: new Date().toISOString(), quick, reps, machine, loadAverageAfter: load, params, summary, runs, ...extra }, null, 2));
  console.log(`  load average now: ${load.join(" ")} · wrote ${file.slice(BENCH.length + 1)}`);
  return summary;
}

const has = (s) => scenarios.includes(s);
const docServers = servers.filter((s) => s !== "relay");

if (has("fanout")) {
  console.log(`\n== fan-out: 100 clients × 10 edits/s on one document${fanoutDoc === "fanout" ? "" : ` (${fanoutDoc})`} (${P.fanout.measureS} s measured after ${P.fanout.warmupS} s warm-up)`);
  const runs = await perServer(servers, reps, (s) => fanout(s, { clients: 100, rate: 10, ...P.fanout, doc: fanoutDoc }));
  const summary = save(["fanout", fanoutDoc === "fanout" ? null : fanoutDoc, fanoutSeconds ? `${fanoutSeconds}s` : null, fanoutWarmup ? `warm${fanoutWarmup}s` : null].filter(Boolean).join("-"), { clients: 100, rate: 10, ...P.fanout, doc: fanoutDoc }, runs);
  printTable(summary, runs, ["p50", "p99", "max", "lost", "cpuPct", "savedP50", "savedP99", "loopP99", "generatorCpuPct"], { lowerIsBetter: ["p50", "p99", "cpuPct"] });
}

/** Generator CPU % at or above which a sweep step measures the generator rather than the server. */
const GENERATOR_SATURATED_PCT = 95;
if (has("sweep")) {
  console.log(`\n== rate sweep: 100 clients, rate per client rising until p99 > 50 ms (1 run per step, ${P.sweepMeasureS} s)`);
  const runs = {};
  const knee = {};
  const crossed = {};
  for (const kind of servers) {
    runs[kind] = [];
    for (const rate of P.sweepRates) {
      let s;
      try {
        s = await start(kind);
        const r = await fanout(s, { clients: 100, rate, warmupS: 1, measureS: P.sweepMeasureS });
        runs[kind].push({ rate, ...r });
        // The generator has one core: once it is saturated, the latency it measures is its own.
        const generatorBound = r.generatorCpuPct >= GENERATOR_SATURATED_PCT;
        console.log(`  ${kind.padEnd(6)} ${String(rate).padStart(3)} Hz (${rate * 100} edits/s): p99 ${r.p99.toFixed(1)} ms, lost ${r.lost}, server CPU ${r.cpuPct.toFixed(0)} %, generator CPU ${r.generatorCpuPct.toFixed(0)} %${generatorBound ? " (generator saturated)" : ""}`);
        if (r.p99 > 50 || r.lost > 0) {
          crossed[kind] = { editsPerS: rate * 100, p99: r.p99, lost: r.lost, serverCpuPct: r.cpuPct, generatorCpuPct: r.generatorCpuPct, generatorBound };
          break;
        }
        knee[kind] = rate * 100;
      } catch (err) {
        console.error(`  ${kind} ${rate} Hz: ${err.message}`);
        break;
      } finally {
        await s?.kill("SIGKILL");
      }
    }
  }
  save("sweep", { clients: 100, rates: P.sweepRates }, runs, { highestRateUnder50msP99: knee, firstRateOver50msP99: crossed });
  console.log("  highest total edits/s with p99 ≤ 50 ms and no loss:", knee);
  for (const kind of servers) {
    const c = crossed[kind];
    if (!c) console.log(`  ${kind}: p99 never crossed 50 ms up to the top step (${P.sweepRates[P.sweepRates.length - 1] * 100} edits/s)`);
    else console.log(`  ${kind}: crossed at ${c.editsPerS} edits/s (p99 ${c.p99.toFixed(0)} ms, lost ${c.lost}, server CPU ${c.serverCpuPct.toFixed(0)} %, generator CPU ${c.generatorCpuPct.toFixed(0)} %)${c.generatorBound ? ": the generator's core was saturated, so this is a floor for the server" : ""}`);
  }
}

if (has("burst")) {
  console.log("\n== burst: 20 clients × 500 edits back to back");
  const runs = await perServer(servers, reps, (s) => burst(s, { clients: 20, edits: 500 }));
  const summary = save("burst", { clients: 20, edits: 500 }, runs);
  printTable(summary, runs, ["editsPerS", "completionMs", "p99", "lost", "serverCpuMs"], { higherIsBetter: ["editsPerS"] });
}

if (has("cold")) {
  console.log("\n== cold load: 100,000 single-character edits (≈1 MB state); connect → full content present");
  const runs = await perServer(docServers, reps, (s) => coldLoad(s, { doc: "cold" }));
  if (docServers.includes("ours")) {
    runs["ours-log"] = (await perServer(["ours"], reps, (s) => coldLoad(s, { doc: "cold-log" }))).ours;
  }
  const summary = save("cold", { edits: 100000 }, runs);
  printTable(summary, runs, ["firstMs", "secondMs", "contentInFirstSync", "firstSyncBytes", "serverCpuMsFirst", "rssAfterMB"], { lowerIsBetter: ["firstMs", "secondMs"] });
}

if (has("storm")) {
  for (const doc of P.storm) {
    console.log(`\n== join storm: 100 clients join ${doc} at once; connect → content present`);
    const runs = await perServer(docServers, reps, (s) => joinStorm(s, { doc, clients: 100 }));
    const summary = save(doc.replace("storm", "storm"), { doc, clients: 100 }, runs);
    printTable(summary, runs, ["p50", "p99", "max", "failed", "serverCpuMs", "peakRssMB"], { lowerIsBetter: ["p99", "peakRssMB"] });
  }
}

if (has("churn")) {
  console.log(`\n== churn: open/close ${P.churnDocs} small documents (20 edits each); post-GC heap after unload vs before`);
  const runs = await perServer(docServers, reps, (s, kind) =>
    // Ours keeps an idle document 10 s (COLLAB_UNLOAD_DELAY_MS default) before unloading it.
    churn(s, { docs: P.churnDocs, concurrency: 50, settleMs: isOurs(kind) ? 12000 : 3000 }),
  );
  const summary = save("churn", { docs: P.churnDocs, editsPerDoc: 20, concurrency: 50 }, runs);
  printTable(summary, runs, ["heapBeforeMB", "heapAfterMB", "heapDeltaMB", "rssAfterMB", "docsPerS"], { lowerIsBetter: ["heapDeltaMB"] });
}

if (has("crash")) {
  console.log(`\n== crash: ${P.crashCycles} SIGKILL/restart cycles, 10 writers × 10 edits/s; edits any client saw that are missing after restart, before and after the writers reconnect`);
  const runs = {};
  for (const kind of docServers) {
    const dir = freshDir(work, `crash-${kind}`, templateFor(kind));
    try {
      runs[kind] = [await crash(() => start(kind, dir), { cycles: P.crashCycles })];
    } catch (err) {
      console.error(`  ${kind}: ${err.message}`);
      runs[kind] = [{ error: err.message }];
    }
    const r = runs[kind][0];
    console.log(`  ${kind.padEnd(6)} seen ${r.seenEdits ?? "-"}, missing at restart ${r.missingBeforeReconnect ?? "-"}, lost after the writers reconnected ${r.lostEdits ?? "-"} (${r.cyclesWithLoss ?? "-"} of ${P.crashCycles} cycles lost edits)${r.error ? " ERROR " + r.error : ""}`);
  }
  save("crash", { cycles: P.crashCycles, writers: 10, rate: 10 }, runs);
}

console.log(`\nload average at end: ${loadAvg().join(" ")}`);
