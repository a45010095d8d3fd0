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

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  config: Config;
  /** Graceful stop: closes sockets (collab clients get "server restarting"), then the database. */
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
    close() {
      closing ??= (async () => {
        for (const hook of shutdownHooks.reverse()) await hook();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
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

export { getConfig };
