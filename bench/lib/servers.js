// Starting, observing and stopping the servers under test. Every server runs as its own process,
// pinned with `taskset -c 0` (the generator runs on core 1), with the same probe preloaded
// (servers/probe.cjs: forced GC + heap + event-loop delay on SIGUSR2), and a fresh data directory.
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { cpSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const BENCH = resolve(fileURLToPath(import.meta.url), "../..");
export const APP_ROOT = resolve(BENCH, "..");
const PROBE = join(BENCH, "servers/probe.cjs");
export const SERVER_CORE = process.env.BENCH_SERVER_CORE ?? "0";

/** The core the load generator runs on (BENCH_GENERATOR_CORE, default 1). */
export const GENERATOR_CORE = process.env.BENCH_GENERATOR_CORE ?? "1";

/**
 * Re-executes this benchmark program pinned to the generator's core (once: the child is marked
 * BENCH_PINNED) and exits with its status; returns in the pinned child.
 */
export function pinGenerator() {
  if (process.env.BENCH_PINNED) return;
  const r = spawnSync("taskset", ["-c", GENERATOR_CORE, process.execPath, "--max-old-space-size=4096", ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, BENCH_PINNED: "1" },
  });
  process.exit(r.status ?? 1);
}
const TICKS = Number(process.env.CLK_TCK ?? 100);

/** Whether `kind` is our server (in any configuration). */
export const isOurs = (kind) => kind === "ours" || SERVERS[kind]?.ours === true;

/** The servers, in table order. `framing` is what the load generator speaks to each. */
export const SERVERS = {
  ours: { label: "ours (auth + durable)", framing: "yws" },
  // Not in the default list: our server with COLLAB_SQLITE_SYNCHRONOUS=normal (commits written to the
  // WAL, not fsynced, before "saved": survives kill -9, not a power loss). `--servers ours,oursn,hp4`.
  // Since edits are relayed at once (2026-12-07) these variants differ in "saved" latency and CPU only.
  oursn: { label: "ours, synchronous=NORMAL", framing: "yws", ours: true, optional: true, env: { COLLAB_SQLITE_SYNCHRONOUS: "normal" } },
  // Not in the default list either: what was ours' latency-first configuration (commits on the main
  // thread, written to the WAL without fsync, one group commit per event-loop turn), kept to compare
  // with earlier runs; relaying no longer waits for commits, so it no longer changes the fan-out.
  oursfast: {
    label: "ours, latency-first config",
    framing: "yws",
    ours: true,
    optional: true,
    env: { COLLAB_SQLITE_SYNCHRONOUS: "normal", COLLAB_SQLITE_WRITER: "main", COLLAB_COMMIT_INTERVAL_MS: "0" },
  },
  // Not in the default list: fsync kept, a group commit per event-loop turn (no 5 ms pacing), on the
  // writer thread (oursw0) or on the main thread (oursm0).
  oursw0: { label: "ours, fsync, writer thread, commit per turn", framing: "yws", ours: true, optional: true, env: { COLLAB_COMMIT_INTERVAL_MS: "0" } },
  // Not in the default list: fsync kept, a group commit at most every 5 ms (oursc5, the default until
  // 2026-12-08), 20 ms (oursc20, the default now: as ours) or 50 ms (oursc50): fewer commits for the
  // same edits the longer it is (relaying does not wait for them; "saved" does).
  oursc5: { label: "ours, fsync, commit every 5 ms", framing: "yws", ours: true, optional: true, env: { COLLAB_COMMIT_INTERVAL_MS: "5" } },
  oursc20: { label: "ours, fsync, commit every 20 ms", framing: "yws", ours: true, optional: true, env: { COLLAB_COMMIT_INTERVAL_MS: "20" } },
  oursc50: { label: "ours, fsync, commit every 50 ms", framing: "yws", ours: true, optional: true, env: { COLLAB_COMMIT_INTERVAL_MS: "50" } },
  oursm0: {
    label: "ours, fsync, main thread, commit per turn",
    framing: "yws",
    ours: true,
    optional: true,
    env: { COLLAB_SQLITE_WRITER: "main", COLLAB_COMMIT_INTERVAL_MS: "0" },
  },
  // Not in the default list: every compaction encoded on the event loop (no compaction thread), to
  // compare with `ours` on a large document (`--fanout-doc storm-1mb`).
  oursloop: {
    label: "ours, compaction on the event loop",
    framing: "yws",
    ours: true,
    optional: true,
    env: { COLLAB_COMPACT_THREAD_MIN_MS: String(Number.MAX_SAFE_INTEGER) },
  },
  hp4: { label: "Hocuspocus 4.7.0 + SQLite", framing: "hocuspocus" },
  hp3: { label: "Hocuspocus 3.4.4 + SQLite", framing: "hocuspocus" },
  yws15: { label: "y-websocket 1.5.4 + leveldb", framing: "yws" },
  ywss: { label: "@y/websocket-server 0.1.1 + leveldb", framing: "yws" },
  relay: { label: "bare ws relay (floor)", framing: "relay" },
};

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

function canConnect(port) {
  return new Promise((res) => {
    const c = connect(port, "127.0.0.1");
    c.once("connect", () => {
      c.destroy();
      res(true);
    });
    c.once("error", () => res(false));
  });
}

/** utime+stime of a process, in ms of CPU. */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS;
}

export function rssMB(pid) {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

export function loadAvg() {
  return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);
}

/**
 * A running server. `dataDir` is its private directory; `docUrl(name)` the websocket URL and
 * `headers(i)` the request headers for client i (ours needs a session cookie and Origin).
 */
export class ServerProcess {
  constructor(kind, { dataDir, fixture, logDir, env = null, name = null }) {
    this.kind = kind;
    this.name = name ?? kind; // log file name: several instances of one kind need distinct logs
    this.extraEnv = env; // applied after the kind's defaults (e.g. a postgres DATABASE_URL, REDIS_URL)
    this.spec = SERVERS[kind];
    this.dataDir = dataDir;
    this.fixture = fixture; // ours only: { cookies, documents }
    this.logDir = logDir;
  }

  async start() {
    this.port = await freePort();
    const port = String(this.port);
    this.probeOut = join(this.dataDir, "probe.json");
    // BENCH_NODE_ARGS: extra flags for every server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    const node = ["node", "--expose-gc", "--require", PROBE, ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean)];
    const env = { ...process.env, BENCH_PROBE_OUT: this.probeOut, NODE_ENV: "production", HOST: "127.0.0.1", PORT: port };
    delete env.NODE_OPTIONS;
    let args;
    let cwd = BENCH;
    switch (isOurs(this.kind) ? "ours" : this.kind) {
      case "ours":
        cwd = APP_ROOT;
        args = [...node, "--import", "tsx", "server/index.ts"];
        Object.assign(env, {
          DATABASE_URL: `file:${join(this.dataDir, "ours.db")}`,
          APP_ORIGIN: `http://127.0.0.1:${port}`,
          LOG_LEVEL: process.env.BENCH_OUR_LOG_LEVEL ?? "warn",
          // The load generator opens hundreds of sockets from one address and a few accounts within
          // a second: the handshake rate limits (which the other servers do not have) are off.
          COLLAB_HANDSHAKE_ACCOUNT_BURST: "0",
          COLLAB_HANDSHAKE_ADDRESS_BURST: "0",
        });
        break;
      case "hp4":
      case "hp3":
        args = [...node, "servers/hocuspocus.js", this.kind === "hp3" ? "3" : "4", port, join(this.dataDir, "hp.sqlite")];
        break;
      case "yws15":
        args = [...node, "node_modules/y-websocket/bin/server.js"];
        env.YPERSISTENCE = join(this.dataDir, "ldb");
        break;
      case "ywss":
        args = [...node, "node_modules/@y/websocket-server/src/server.js"];
        env.YPERSISTENCE = join(this.dataDir, "ldb");
        break;
      case "relay":
        args = [...node, "servers/relay.js", port];
        break;
      default:
        throw new Error(`unknown server ${this.kind}`);
    }
    if (this.spec.env) Object.assign(env, this.spec.env);
    if (this.extraEnv) Object.assign(env, this.extraEnv);
    mkdirSync(this.logDir, { recursive: true });
    const log = openSync(join(this.logDir, `${this.name}.log`), "a");
    this.child = spawn("taskset", ["-c", SERVER_CORE, ...args], { cwd, env, stdio: ["ignore", log, log] });
    this.exited = new Promise((res) => this.child.once("exit", (code, signal) => res({ code, signal })));
    this.pid = this.child.pid; // taskset execs node: same pid
    const t0 = performance.now();
    let dead = false;
    this.exited.then(() => (dead = true));
    while (!(await canConnect(this.port))) {
      if (dead) throw new Error(`${this.kind} exited during start; see ${join(this.logDir, this.name + ".log")}`);
      if (performance.now() - t0 > 60000) throw new Error(`${this.kind} did not listen within 60 s`);
      await sleep(25);
    }
    this.startMs = performance.now() - t0;
    return this;
  }

  docUrl(name) {
    const base = `ws://127.0.0.1:${this.port}`;
    if (isOurs(this.kind)) {
      const id = this.fixture.documents[name];
      if (!id) throw new Error(`fixture has no document "${name}"`);
      return `${base}/collab/${id}`;
    }
    if (this.spec.framing === "hocuspocus") return base;
    return `${base}/${name}`;
  }

  headers(i) {
    if (!isOurs(this.kind)) return undefined;
    const cookies = this.fixture.cookies;
    return { Cookie: cookies[i % cookies.length], Origin: `http://127.0.0.1:${this.port}` };
  }

  cpuMs() {
    return cpuMs(this.pid);
  }

  rssMB() {
    return rssMB(this.pid);
  }

  /** VmHWM: the peak RSS since the process started (every run uses a fresh process). */
  peakRssMB() {
    const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${this.pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : NaN;
  }

  /** Signals the probe without waiting: resets its event-loop histogram (and forces a GC unless `gc` is false). */
  signalProbe({ gc = true } = {}) {
    writeFileSync(this.probeOut + ".mode", gc ? "gc" : "nogc");
    this.probesSent = (this.probesSent ?? 0) + 1;
    process.kill(this.pid, "SIGUSR2");
    return this.probesSent;
  }

  /**
   * Asks the probe for a sample (resets the event-loop histogram; forces a GC first unless `gc` is
   * false: a forced GC while edits are still in flight adds its pause to their latency); null on timeout.
   */
  async probe({ gc = true, timeoutMs = 30000 } = {}) {
    const want = this.signalProbe({ gc });
    const t0 = performance.now();
    while (performance.now() - t0 < timeoutMs) {
      await sleep(20);
      try {
        const s = JSON.parse(readFileSync(this.probeOut, "utf8"));
        if (s.seq >= want) return s;
      } catch {
        // not written yet, or being renamed
      }
    }
    return null;
  }

  async kill(signal = "SIGKILL") {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode) return;
    this.child.kill(signal);
    const t = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    await this.exited;
    clearTimeout(t);
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Copies a prepared data directory (template) into a fresh one for a run. */
export function freshDir(root, name, template) {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  if (template) cpSync(template, dir, { recursive: true });
  else mkdirSync(dir, { recursive: true });
  // Write the copy (and the templates before it) out now: otherwise a server's first fsync waits for
  // that writeback (ext4 commits it with the journal), which held one run's commits for ~0.7 s.
  spawnSync("sync");
  return dir;
}

export function machineInfo() {
  let cpu = "";
  try {
    cpu = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "";
  } catch {}
  let commit = "";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: APP_ROOT, encoding: "utf8" }).trim();
  } catch {}
  let collabDirty = false;
  try {
    collabDirty = execFileSync("git", ["status", "--porcelain", "server", "db", "app/lib", "app/models"], { cwd: APP_ROOT, encoding: "utf8" }).trim() !== "";
  } catch {}
  // The server runs from the working tree: say when it differs from the commit.
  return { node: process.version, cpu, commit: collabDirty ? `${commit}+uncommitted` : commit };
}
