import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { inject } from "vitest";

export interface SpawnedServer {
  child: ChildProcess;
  url: string;
  port: number;
  /** Every JSON log line the server printed so far. */
  logs: Array<Record<string, unknown>>;
  /** SIGKILL: no shutdown hooks, no flush — what a crash looks like. */
  kill(): Promise<void>;
  /** SIGTERM and wait for a graceful exit. */
  stop(): Promise<number | null>;
}

/**
 * Starts the server as production does — `node <build>/server-node/index.js`, the bundle the
 * global setup compiled — as a child process (a real, separate server: for crash tests and
 * multi-instance tests) and resolves once it listens. PORT defaults to
 * 0 (the child reports the port it got); pass a fixed PORT to restart on the same address.
 */
export async function spawnServer(env: Record<string, string>): Promise<SpawnedServer> {
  const child = spawn(process.execPath, ["--enable-source-maps", join(inject("buildDir"), "server-node/index.js")], {
    env: {
      ...process.env,
      BUILD_DIR: inject("buildDir"),
      HOST: "127.0.0.1",
      PORT: "0",
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Array<Record<string, unknown>> = [];
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s: ${stderr}`)), 30_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening: ${stderr}`));
    });
    createInterface({ input: child.stdout! }).on("line", (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === "coalition workspace listening" && typeof entry.url === "string") {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        /* not a log line */
      }
    });
  });
  return {
    child,
    url,
    port: Number(new URL(url).port),
    logs,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
