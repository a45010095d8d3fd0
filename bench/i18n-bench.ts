/**
 * Issue 21's number: the directory page's server time in Arabic within 1.1× English (the
 * catalogues are loaded once and each language's formatter is built once, so a request in
 * another language should cost what an English one costs).
 *
 *   node --import tsx bench/i18n-bench.ts [--duration 5] [--connections 10] [--rounds 5]
 *   (DATABASE_URL defaults to file:.cache/i18n-bench.db, seeded with the example data;
 *   BUILD_DIR reuses an existing `remix vite:build` output.)
 *
 * The same page is asked for in English, Arabic and Chinese (the `lang` cookie), interleaved
 * round by round on the one server process, so drift in the shared machine's load hits every
 * language alike; medians over rounds. Results: bench/results/i18n.md.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { load, median, productionBuild, startApp, type Measured } from "./app-under-load";

const { values } = parseArgs({
  options: { duration: { type: "string", default: "5" }, connections: { type: "string", default: "10" }, rounds: { type: "string", default: "5" } },
});
const DURATION = Number(values.duration);
const ROUNDS = Number(values.rounds);
const CONNECTIONS = Number(values.connections);
const DATABASE_URL = process.env.DATABASE_URL || "file:.cache/i18n-bench.db";
process.env.DATABASE_URL = DATABASE_URL;

const LANGUAGES = ["en", "ar", "zh"] as const;

async function main() {
  const { buildDir, cleanup } = productionBuild();
  const { openDatabase } = await import("../db/client");
  const { migrateToLatest } = await import("../db/migrate");
  const { seedIfEmpty } = await import("../db/seed");
  const handle = openDatabase(DATABASE_URL);
  await migrateToLatest(handle.db);
  await seedIfEmpty(handle.db);
  await handle.db.destroy();

  const { base, server } = await startApp(DATABASE_URL, buildDir);
  try {
    const headers = (lang: string) => ({ cookie: `lang=${lang}` });
    for (const lang of LANGUAGES) {
      const probe = await fetch(`${base}/`, { headers: headers(lang) });
      const html = await probe.text();
      if (probe.status !== 200 || !html.includes(`lang="${lang === "zh" ? "zh-Hans" : lang}"`)) throw new Error(`/ in ${lang}: ${probe.status}`);
    }
    const runs = new Map<string, Measured[]>(LANGUAGES.map((l) => [l, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      // Each round starts with a different language, so none is always the first after a pause.
      const order = LANGUAGES.map((_, i) => LANGUAGES[(i + round) % LANGUAGES.length]!);
      for (const lang of order) {
        await load(`${base}/`, headers(lang), CONNECTIONS, 1);
        const m = await load(`${base}/`, headers(lang), CONNECTIONS, DURATION);
        runs.get(lang)!.push(m);
        console.log(`round ${round}: / in ${lang}: ${m.rps.toFixed(0)} req/s, mean ${m.mean.toFixed(2)} ms, p99 ${m.p99} ms, ${m.bad} non-2xx/errors`);
      }
    }
    const summary = LANGUAGES.map((lang) => {
      const ms = runs.get(lang)!;
      return { lang, rps: median(ms.map((m) => m.rps)), mean: median(ms.map((m) => m.mean)), p99: median(ms.map((m) => m.p99)), bad: ms.reduce((s, m) => s + m.bad, 0) };
    });
    const en = summary[0]!;
    const rows = summary.map((r) => {
      const ratio = r.mean / en.mean;
      return `| ${r.lang} | ${r.rps.toFixed(0)} | ${r.mean.toFixed(2)} | ${r.p99} | ${r.lang === "en" ? "" : `${ratio.toFixed(2)}×`} | ${r.bad} | ${r.lang === "en" ? "" : ratio <= 1.1 && r.bad === 0 ? "yes" : "**no**"} |`;
    });
    const report = [
      `Languages benchmark, ${new Date().toISOString().slice(0, 16)}Z: the directory page \`/\` (example data), SQLite, production build, server in its own process; autocannon, ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${DURATION} s per language (1 s warm-up each), medians over rounds; ${cpus().length} shared CPU cores. Server time = mean latency at saturation.`,
      "",
      "| language | req/s | mean ms | p99 ms | mean vs English | non-2xx/errors | within 1.1× |",
      "|---|---:|---:|---:|---:|---:|---|",
      ...rows,
      "",
    ].join("\n");
    mkdirSync(resolve("bench/results"), { recursive: true });
    writeFileSync(resolve("bench/results/i18n.md"), report);
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
