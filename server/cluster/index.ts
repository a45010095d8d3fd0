import { createHash } from "node:crypto";
import type { Logger } from "pino";
import type { Config } from "../../app/lib/config.server";
import { setClusterInfo } from "../../app/lib/cluster-info";
import { startEventsRelay } from "./events-relay";
import { instanceId } from "./instance";
import { RedisBus } from "./redis";

/**
 * Without REDIS_URL: a single instance, nothing to do. With it: connect to Redis and relay
 * domain events between instances (the collaboration server adds its own channels on `bus`).
 */
export async function startCluster(config: Config, log: Logger): Promise<{ bus: RedisBus | null; close: () => Promise<void> }> {
  const id = instanceId();
  if (!config.REDIS_URL) {
    setClusterInfo({ instanceId: id, redis: () => "disabled" });
    return { bus: null, close: async () => undefined };
  }
  const namespace = `cw:${createHash("sha256").update(config.DATABASE_URL).digest("hex").slice(0, 12)}`;
  const bus = new RedisBus(config.REDIS_URL, log.child({ component: "redis" }), namespace);
  setClusterInfo({ instanceId: id, redis: () => bus.status });
  try {
    await bus.waitReady(5000);
  } catch {
    log.warn("redis not reachable at start; serving local clients and retrying in the background");
  }
  const stopRelay = await startEventsRelay(bus, log);
  return {
    bus,
    async close() {
      stopRelay();
      await bus.close();
    },
  };
}
