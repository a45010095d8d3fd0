import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { getConfig, parseConfig, setConfig, type Config } from "../app/lib/config.server";
import { closeDb, openDatabase, setDb } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { seedIfEmpty } from "../db/seed";
import { createApp } from "./app";
import { startCluster } from "./cluster/index";
import { systemClock } from "./jobs/clock";
import { startJobs } from "./jobs/index";
import { getLogger } from "./logger";
import { startInboundMail } from "./mail-inbound";

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  config: Config;
  /** The inbound mail receiver's port when MAIL_INBOUND_PORT is set, else null. */
  mailPort: number | null;
  /**
   * Graceful stop: refuses new connections, lets in-flight HTTP requests finish for up to
   * SHUTDOWN_GRACE_MS, then closes sockets (collab clients get 1012 "server restarting"), then the database.
   */
  close(): Promise<void>;
}

type ShutdownHook = () => Promise<void> | void;

/**
 * Starts the whole app on one http.Server: Remix (Vite middleware in development, build/
 * in production) and the collaboration websocket on upgrade. Migrates and seeds first.
 */
export async function startServer(overrides: Partial<Record<string, string>> = {}): Promise<RunningServer> {
  const config = parseConfig({ ...process.env, ...overrides });
  setConfig(config);
  const log = getLogger();
  log.level = config.LOG_LEVEL;
  const handle = setDb(openDatabase(config.DATABASE_URL, { pgPoolSize: config.PG_POOL_SIZE }));
  const applied = await migrateToLatest(handle.db);
  if (applied.length) log.info({ applied }, "migrations applied");
  const seeded = await seedIfEmpty(handle.db);
  if (seeded) log.info({ seeded }, "seeded the forum's coalitions");

  const dev = config.NODE_ENV === "development";
  const server = createServer();
  const inFlight = trackInFlight(server);
  const vite = dev
    ? await (await import("vite")).createServer({ server: { middlewareMode: true, hmr: { server } }, appType: "custom" })
    : undefined;
  const app = await createApp({ config, vite });
  server.on("request", app);

  const shutdownHooks: ShutdownHook[] = [];
  const jobs = startJobs({ config, handle, clock: systemClock, log: log.child({ component: "jobs" }) });
  shutdownHooks.push(() => jobs.stop());
  const cluster = await startCluster(config, log);
  shutdownHooks.push(cluster.close);
  const attach = await import("./attach");
  shutdownHooks.push(...(await attach.attachRealtime({ server, config, dev, bus: cluster.bus })));
  const mail = await startInboundMail(config, log.child({ component: "mail-in" }));
  if (mail) shutdownHooks.push(mail.close);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST}:${port}`;
  log.info({ url, database: handle.kind }, "coalition workspace listening");

  let closing: Promise<void> | undefined;
  return {
    server,
    url,
    port,
    config,
    mailPort: mail?.port ?? null,
    close() {
      closing ??= (async () => {
        // Stop listening (new connections are refused) and drop idle keep-alive connections;
        // requests already running may finish, for SHUTDOWN_GRACE_MS at most.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const drained = await inFlight.drained(config.SHUTDOWN_GRACE_MS);
        if (!drained) log.warn({ inFlight: inFlight.count(), graceMs: config.SHUTDOWN_GRACE_MS }, "shutdown: closing requests still running after the grace period");
        for (const hook of shutdownHooks.reverse()) await hook();
        server.closeAllConnections();
        await closed;
        await vite?.close();
        await closeDb();
      })();
      return closing;
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  startServer()
    .then((running) => {
      const stop = (signal: string) => {
        getLogger().info({ signal }, "shutting down");
        running.close().then(
          () => process.exit(0),
          (error) => {
            getLogger().error({ err: error }, "shutdown failed");
            process.exit(1);
          },
        );
      };
      process.once("SIGTERM", () => stop("SIGTERM"));
      process.once("SIGINT", () => stop("SIGINT"));
    })
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}

/**
 * Counts HTTP requests in flight (a request ends when its response is finished or its connection
 * is gone); while closing, keep-alive connections are closed as they fall idle.
 */
function trackInFlight(server: Server) {
  let count = 0;
  let closing = false;
  const waiters = new Set<() => void>();
  server.on("request", (_req, res) => {
    count++;
    res.once("close", () => {
      count--;
      if (closing) setImmediate(() => server.closeIdleConnections());
      if (count === 0) for (const wake of waiters) wake();
    });
  });
  return {
    count: () => count,
    /** Resolves true once no request is in flight, false if `graceMs` passed first. */
    drained(graceMs: number): Promise<boolean> {
      closing = true;
      if (count === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          resolve(false);
        }, graceMs);
        waiters.add(wake);
      });
    },
  };
}

export { getConfig };
