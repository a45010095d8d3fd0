import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { Redis } from "ioredis";

export const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? "/usr/bin/redis-server";

/** A free TCP port on 127.0.0.1 (bound and released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface PrivateRedis {
  url: string;
  port: number;
  /** Stops the server (as an outage would). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Freezes it (SIGSTOP: connections stay open, nothing is answered) or thaws it (SIGCONT). */
  freeze(frozen: boolean): void;
}

/**
 * A private redis-server on its own port for one test file: the test can stop and restart it
 * without disturbing anyone else's Redis.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  if (!existsSync(REDIS_SERVER)) throw new Error(`no redis-server at ${REDIS_SERVER}`);
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(REDIS_SERVER, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    const probe = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => undefined); // refused while the server starts: we retry below
    for (let i = 0; i < 100; i++) {
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    probe.disconnect();
    throw new Error("private redis-server did not start");
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once("exit", () => resolve());
      c.kill("SIGKILL");
    });
  };
  await start();
  const freeze = (frozen: boolean) => void (child as ChildProcess | null)?.kill(frozen ? "SIGSTOP" : "SIGCONT");
  return { url: `redis://127.0.0.1:${port}`, port, start, stop, freeze };
}

/** Whether this machine can run the cluster suites (PostgreSQL reachable and redis-server installed). */
export function clusterSuiteAvailable(pgReachable: boolean): boolean {
  const ok = pgReachable && existsSync(REDIS_SERVER);
  if (!ok) {
    if (process.env.CI) throw new Error("the cluster suite needs PostgreSQL and redis-server, which CI provides");
    console.warn("\n*** CLUSTER TESTS SKIPPED: need PostgreSQL at 127.0.0.1:5432 and redis-server ***\n");
  }
  return ok;
}
