#!/usr/bin/env node
// Prints the Markdown summary (medians, ratios, targets) of one run's result files, for the README.
//   node summarize.js 2026-11-29        (reads results/<scenario>-2026-11-29.json)
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const BENCH = resolve(fileURLToPath(import.meta.url), "..");
const date = process.argv[2];
if (!date) throw new Error("usage: node summarize.js <date as in results/<scenario>-<date>.json>");
const load = (name) => {
  const f = join(BENCH, "results", `${name}-${date}.json`);
  return existsSync(f) ? JSON.parse(readFileSync(f, "utf8")) : null;
};
const PEERS = ["hp4", "hp3", "yws15", "ywss"];
const NAMES = { ours: "ours", oursn: "ours, synchronous=NORMAL", oursfast: "ours, latency-first config", oursw0: "ours, fsync, writer thread, commit per turn", oursm0: "ours, fsync, main thread, commit per turn", oursloop: "ours, compaction on the event loop", hp4: "Hocuspocus 4.7.0", hp3: "Hocuspocus 3.4.4", yws15: "y-websocket 1.5.4", ywss: "@y/websocket-server 0.1.1", relay: "ws relay (floor)", "ours-log": "ours (snapshot + 2,000-row tail)" };
const f = (x, d = 0) => (typeof x === "number" && !Number.isNaN(x) ? x.toFixed(d) : "–");
const r = (a, b) => (typeof a === "number" && typeof b === "number" && b ? `${(a / b).toFixed(2)}×` : "–");

const lines = [];
const table = (title, file, cols) => {
  const j = load(file);
  if (!j) return;
  lines.push(`**${title}** (${j.quick ? "quick, " : ""}${j.reps} runs, load average after ${j.loadAverageAfter?.[0]})`, "");
  lines.push(`| server | ${cols.map((c) => c[0]).join(" | ")} |`, `|---|${cols.map(() => "---:").join("|")}|`);
  for (const k of Object.keys(j.summary)) {
    const s = j.summary[k];
    lines.push(`| ${NAMES[k] ?? k} | ${cols.map(([, key, d]) => f(s[key], d)).join(" | ")} |`);
  }
  lines.push("");
  return j.summary;
};

const fan = table("Fan-out, 100 clients × 10 edits/s", "fanout", [["p50 ms", "p50", 1], ["p99 ms", "p99", 1], ["max ms", "max", 0], ["lost", "lost"], ["server CPU %", "cpuPct", 1], ["CPU ms / 1k deliveries", "cpuMsPer1kDeliveries", 2], ["loop p99 ms", "loopP99", 1]]);
const bur = table("Burst, 20 clients × 500 edits", "burst", [["edits/s", "editsPerS"], ["completion ms", "completionMs"], ["p99 ms", "p99"], ["lost", "lost"], ["server CPU ms", "serverCpuMs"]]);
const cold = table("Cold load, 100,000-edit document", "cold", [["first joiner ms", "firstMs"], ["second joiner ms", "secondMs", 1], ["content in 1st sync", "contentInFirstSync"], ["server CPU ms (first)", "serverCpuMsFirst"]]);
table("Join storm, 100 clients, 1 MB", "storm-1mb", [["p50 ms", "p50"], ["p99 ms", "p99"], ["failed", "failed"], ["server CPU ms", "serverCpuMs"], ["peak RSS MB", "peakRssMB"]]);
table("Join storm, 100 clients, 10 MB", "storm-10mb", [["p50 ms", "p50"], ["p99 ms", "p99"], ["failed", "failed"], ["server CPU ms", "serverCpuMs"], ["peak RSS MB", "peakRssMB"]]);
const churn = table("Churn, 3,000 documents", "churn", [["heap before MB", "heapBeforeMB", 1], ["heap after MB", "heapAfterMB", 1], ["Δ heap MB", "heapDeltaMB", 2], ["docs/s", "docsPerS"]]);
const crash = table("Crash, SIGKILL/restart cycles", "crash", [["edits seen", "seenEdits"], ["lost after restart", "lostEdits"], ["cycles with loss", "cyclesWithLoss"]]);

const sweep = load("sweep");
if (sweep) lines.push(`Rate sweep (highest total edits/s with p99 ≤ 50 ms and no loss): ${Object.entries(sweep.highestRateUnder50msP99).map(([k, v]) => `${NAMES[k]} ${v}`).join(", ") || "none reached p99 ≤ 50 ms even at 500 edits/s"}.`, "");
// Runs since the sweep went past 4,000 edits/s also record where each server first crossed 50 ms.
if (sweep?.firstRateOver50msP99) {
  const top = sweep.params.rates[sweep.params.rates.length - 1] * 100;
  const crossing = (k) => {
    const c = sweep.firstRateOver50msP99[k];
    return c ? `${NAMES[k]} at ${c.editsPerS} (p99 ${f(c.p99)} ms${c.generatorBound ? ", generator saturated" : ""})` : `${NAMES[k]} not by ${top}`;
  };
  lines.push(`Rate sweep (first total edits/s with p99 > 50 ms or a lost edit): ${Object.keys(sweep.runs).map(crossing).join(", ")}.`, "");
}

const o = (s, k) => s?.ours?.[k];
const best = (s, k) => Math.max(...PEERS.map((p) => s?.[p]?.[k] ?? -Infinity));
lines.push("| target | ours | reference | ratio | met? |", "|---|---:|---:|---:|---|");
const row = (name, ours, ref, ratio, ok) => lines.push(`| ${name} | ${ours} | ${ref} | ${ratio} | ${ok ? "yes" : "**no**"} |`);
if (fan) {
  row("fan-out p99 ≤ Hocuspocus 4.7.0", `${f(o(fan, "p99"), 1)} ms`, `${f(fan.hp4?.p99, 1)} ms`, r(o(fan, "p99"), fan.hp4?.p99), o(fan, "p99") <= fan.hp4?.p99);
  row("fan-out CPU ≤ Hocuspocus 4.7.0 (% of a core)", `${f(o(fan, "cpuPct"), 1)} %`, `${f(fan.hp4?.cpuPct, 1)} %`, r(o(fan, "cpuPct"), fan.hp4?.cpuPct), o(fan, "cpuPct") <= fan.hp4?.cpuPct);
  const k = "cpuMsPer1kDeliveries";
  row("fan-out CPU ≤ Hocuspocus 4.7.0 (ms per 1,000 deliveries)", f(o(fan, k), 2), f(fan.hp4?.[k], 2), r(o(fan, k), fan.hp4?.[k]), o(fan, k) <= fan.hp4?.[k]);
}
if (bur) row("burst ≥ best peer", `${f(o(bur, "editsPerS"))}/s`, `${f(best(bur, "editsPerS"))}/s`, r(o(bur, "editsPerS"), best(bur, "editsPerS")), o(bur, "editsPerS") >= best(bur, "editsPerS"));
if (cold) {
  row("cold load ≤ 0.9× Hocuspocus 4.7.0 (wall)", `${f(o(cold, "firstMs"))} ms`, `${f(cold.hp4?.firstMs)} ms`, r(o(cold, "firstMs"), cold.hp4?.firstMs), o(cold, "firstMs") <= 0.9 * cold.hp4?.firstMs);
  const k = "serverCpuMsFirst";
  row("cold load ≤ 0.9× Hocuspocus 4.7.0 (server CPU)", `${f(o(cold, k))} ms`, `${f(cold.hp4?.[k])} ms`, r(o(cold, k), cold.hp4?.[k]), o(cold, k) <= 0.9 * cold.hp4?.[k]);
}
if (churn) row("heap after churn within 3 MB", `+${f(o(churn, "heapDeltaMB"), 2)} MB`, "3 MB", "–", o(churn, "heapDeltaMB") <= 3);
if (crash) row("zero lost edits after SIGKILL", `${f(o(crash, "lostEdits"))}`, "0", "–", o(crash, "lostEdits") === 0);
console.log(lines.join("\n"));
