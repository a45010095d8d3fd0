import type { Server } from "node:http";
import type { Config } from "../app/lib/config.server";
import { createRedisCollabRelay } from "./cluster/collab-relay";
import { createRedisConnectionCounter } from "./cluster/connection-counts";
import type { RedisBus } from "./cluster/redis";
import { getDbHandle } from "../db/client";
import { kyselyDocumentWriter, openDocumentWriter, sqliteSynchronous } from "../db/queries/document-writer";
import { createCollabServer } from "./collab/index";
import type { ConnectionCounts } from "./collab/limits";
import { getLogger } from "./logger";

/**
 * Attaches the real-time parts to the HTTP server (the collaboration websocket on
 * `/collab/:documentId`) and returns their shutdown hooks. Upgrades to other paths are
 * left to Vite's HMR in development and refused in production.
 */
export async function attachRealtime({ server, config, dev, bus }: { server: Server; config: Config; dev: boolean; bus: RedisBus | null }) {
  const handle = getDbHandle();
  // With Redis, instances relay committed updates and presence to each other (server/cluster).
  const relay = bus ? createRedisCollabRelay(bus, getLogger().child({ component: "collab-relay" })) : undefined;
  sqliteSynchronous(); // a wrong COLLAB_SQLITE_SYNCHRONOUS stops the start whichever writer is used
  // Several instances compact through Kysely (merge under a row lock, delete exactly what was merged).
  const writer = relay ? kyselyDocumentWriter(handle.db) : openDocumentWriter(handle, process.env, getLogger().child({ component: "sqlite-checkpointer" }));
  await writer.open(); // the writer thread and its connection are ready before the first edit
  getLogger().info({ durability: writer.durability }, "collab: edits are relayed at once and saved once committed");
  // …and count connections against the per-user and per-document limits across all instances.
  const connections = bus ? (local: ConnectionCounts) => createRedisConnectionCounter(bus, getLogger().child({ component: "connection-counts" }), local) : undefined;
  const collab = createCollabServer({ db: handle.db, writer, logger: getLogger(), config, relay, connections });
  server.on("upgrade", (req, socket, head) => {
    const path = (req.url ?? "").split("?")[0];
    if (path.startsWith("/collab/")) return void collab.handleUpgrade(req, socket, head);
    if (!dev) socket.destroy();
  });
  return [() => collab.close()] as Array<() => Promise<void> | void>;
}
