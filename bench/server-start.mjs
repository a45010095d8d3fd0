/**
 * Issue 28: the server with a TypeScript loader at run time (`node --import tsx server/index.ts`)
 * against the compiled bundle (`node build/server-node/index.js`, `npm run build`): time until
 * /healthz answers, and the process's resident memory then and after 300 page requests.
 * Interleaved runs on a fresh SQLite file each; medians.
 *
 *   npm run build && node bench/server-start.mjs [--runs 5]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, cpus } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const RUNS = Number(values.runs);
const VARIANTS = [
  { name: "tsx (sources)", args: ["--import", "tsx", "server/index.ts"] },
  { name: "bundle (plain node)", args: ["build/server-node/index.js"] },
];

const freePort = () =>
  new Promise((ok, fail) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
    s.on("error", fail);
  });
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function once(variant) {
  const dir = mkdtempSync(join(tmpdir(), "cw-start-"));
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, variant.args, {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: `file:${join(dir, "w.db")}`, NODE_ENV: "production", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  let ready;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) {
        ready = performance.now() - t0;
        break;
      }
    } catch {}
    await new Promise((r) => setTimeout(r, 20));
  }
  const rssReady = rssMiB(child.pid);
  for (let i = 0; i < 300; i++) await (await fetch(`${base}${i % 2 ? "/" : "/login"}`)).text();
  const rssAfter = rssMiB(child.pid);
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  rmSync(dir, { recursive: true, force: true });
  return { ready, rssReady, rssAfter };
}

const results = new Map(VARIANTS.map((v) => [v.name, []]));
for (let run = 0; run < RUNS; run++) {
  for (const v of run % 2 ? [...VARIANTS].reverse() : VARIANTS) {
    const r = await once(v);
    results.get(v.name).push(r);
    console.log(`${v.name}: ready in ${r.ready.toFixed(0)} ms, RSS ${r.rssReady.toFixed(0)} MiB, after 300 pages ${r.rssAfter.toFixed(0)} MiB`);
  }
}
const rows = VARIANTS.map((v) => {
  const rs = results.get(v.name);
  return { name: v.name, ready: median(rs.map((r) => r.ready)), rssReady: median(rs.map((r) => r.rssReady)), rssAfter: median(rs.map((r) => r.rssAfter)) };
});
const [a, b] = rows;
const report = [
  `Server start, ${new Date().toISOString().slice(0, 16)}Z, Node ${process.version}, ${cpus().length} shared cores, ${RUNS} interleaved runs each, medians; a fresh SQLite file per run (migrations included in the start).`,
  "",
  "| server | ready (ms) | RSS when ready (MiB) | RSS after 300 pages (MiB) |",
  "|---|---:|---:|---:|",
  ...rows.map((r) => `| ${r.name} | ${r.ready.toFixed(0)} | ${r.rssReady.toFixed(0)} | ${r.rssAfter.toFixed(0)} |`),
  `| bundle ÷ tsx | ${(b.ready / a.ready).toFixed(2)}× | ${(b.rssReady / a.rssReady).toFixed(2)}× | ${(b.rssAfter / a.rssAfter).toFixed(2)}× |`,
  "",
].join("\n");
mkdirSync(resolve("bench/results"), { recursive: true });
writeFileSync(resolve("bench/results/server-start.md"), report);
console.log(`\n${report}`);
