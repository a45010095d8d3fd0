// Console tables: medians (with min–max over repetitions) per server, then ours ÷ each peer.
import { SERVERS } from "./servers.js";
import { minMax } from "./stats.js";

const fmt = (x) => (typeof x !== "number" || Number.isNaN(x) ? "-" : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
const label = (k) => (k === "ours-log" ? "ours, snapshot + 2,000-row log tail" : SERVERS[k]?.label ?? k);

/** Prints one row per server; `lowerIsBetter`/`higherIsBetter` name the metrics given as ratios. */
export function printTable(summary, runs, metrics, { lowerIsBetter = [], higherIsBetter = [] } = {}) {
  const rows = Object.keys(summary).map((k) => {
    const ok = runs[k].filter((r) => !r.error);
    return [
      label(k),
      `${ok.length}/${runs[k].length}`,
      ...metrics.map((m) => {
        const [lo, hi] = minMax(ok, m);
        return ok.length > 1 && lo !== hi ? `${fmt(summary[k][m])} [${fmt(lo)}–${fmt(hi)}]` : fmt(summary[k][m]);
      }),
    ];
  });
  const head = ["server", "runs", ...metrics];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => "  " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  const ours = summary.ours;
  if (!ours) return;
  for (const m of [...lowerIsBetter, ...higherIsBetter]) {
    const parts = Object.keys(summary)
      .filter((k) => k !== "ours")
      .map((k) => `${k} ${fmt(ours[m] / summary[k][m])}×`);
    console.log(`  ours ÷ peer, ${m} (${lowerIsBetter.includes(m) ? "lower" : "higher"} is better): ${parts.join(" · ")}`);
  }
}
