import type { Server } from "node:http";
import { collabLimitsFromConfig, sqliteWriterFromConfig, type Config } from "../app/lib/config.server";
import { registerCollabHook } from "../app/models/collab-hook.server";
import { getDbHandle } from "../db/client";
import { kyselyDocumentWriter, openDocumentWriter } from "../db/queries/document-writer";
import { createRedisCollabRelay } from "./cluster/collab-relay";
import { createRedisConnectionCounter } from "./cluster/connection-counts";
import type { RedisBus } from "./cluster/redis";
import { appAccessEvents } from "./collab-adapters/access-events";
import { appAuthorizer } from "./collab-adapters/authorizer";
import { clientAddressResolver } from "./collab-adapters/client-address";
import { appDocumentStore } from "./collab-adapters/document-store";
import { createCollabServer } from "./collab/index";
import type { ConnectionCounts } from "./collab/limits";
import { systemClock } from "./collab/ports";
import { getLogger } from "./logger";

/**
 * Attaches the real-time parts to the HTTP server (the collaboration websocket on
 * `/collab/:documentId`) and returns their shutdown hooks. Upgrades to other paths are
 * left to Vite's HMR in development and refused in production.
 *
 * Wires the collaboration core's ports (server/collab/ports.ts): the authorizer, the document
 * store and the access events are adapters over the app (server/collab-adapters/), the relay is
 * Redis when there is one (server/cluster/), the clock is the system's.
 */
export async function attachRealtime({ server, config, dev, bus }: { server: Server; config: Config; dev: boolean; bus: RedisBus | null }) {
  const handle = getDbHandle();
  // With Redis, instances relay committed updates and presence to each other (server/cluster).
  const relay = bus ? createRedisCollabRelay(bus, getLogger().child({ component: "collab-relay" })) : undefined;
  // Several instances compact through Kysely (merge under a row lock, delete exactly what was merged).
  const writer = relay ? kyselyDocumentWriter(handle.db) : openDocumentWriter(handle, sqliteWriterFromConfig(config), getLogger().child({ component: "sqlite-checkpointer" }));
  await writer.open(); // the writer thread and its connection are ready before the first edit
  getLogger().info({ durability: writer.durability }, "collab: edits are relayed at once and saved once committed");
  // …and count connections against the per-user and per-document limits across all instances.
  const connections = bus ? (local: ConnectionCounts) => createRedisConnectionCounter(bus, getLogger().child({ component: "connection-counts" }), local) : undefined;
  const collab = createCollabServer({
    authorizer: appAuthorizer(handle.db, config.APP_ORIGIN),
    store: appDocumentStore(handle.db, { writer, relay }),
    events: appAccessEvents,
    relay,
    clock: systemClock,
    logger: getLogger(),
    limits: collabLimitsFromConfig(config),
    connections,
    clientAddress: clientAddressResolver(config.TRUST_PROXY),
  });
  registerCollabHook(collab.service);
  server.on("upgrade", (req, socket, head) => {
    const path = (req.url ?? "").split("?")[0];
    if (path.startsWith("/collab/")) return void collab.handleUpgrade(req, socket, head);
    if (!dev) socket.destroy();
  });
  return [() => collab.close().finally(() => registerCollabHook(undefined))] as Array<() => Promise<void> | void>;
}
