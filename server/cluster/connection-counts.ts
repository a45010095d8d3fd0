import type { Logger } from "pino";
import type { ClusterConnectionCounter, ConnectionCounts } from "../collab/limits";
import { instanceId } from "./instance";
import type { RedisBus } from "./redis";

/** An instance that has not refreshed its counts for this long is gone: its connections no longer count. */
export const COUNTS_TTL_MS = 30_000;
const HEARTBEAT_MS = 10_000;

/**
 * Checks both limits over every live instance's counts and, when both pass, counts the connection
 * for this instance — atomically, so two instances cannot both take the last place.
 * KEYS: registry, this instance's user hash, this instance's document hash.
 * ARGV: key prefix, live-since (ms), now (ms), user, document, max per user, max per document, ttl (ms), me.
 */
const ACQUIRE = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[2], '+inf')
local users, docs = 0, 0
for _, id in ipairs(ids) do
  users = users + tonumber(redis.call('HGET', ARGV[1] .. id .. ':user', ARGV[4]) or '0')
  docs = docs + tonumber(redis.call('HGET', ARGV[1] .. id .. ':doc', ARGV[5]) or '0')
end
if users >= tonumber(ARGV[6]) then return 'user' end
if docs >= tonumber(ARGV[7]) then return 'document' end
redis.call('HINCRBY', KEYS[2], ARGV[4], 1)
redis.call('HINCRBY', KEYS[3], ARGV[5], 1)
redis.call('PEXPIRE', KEYS[2], ARGV[8])
redis.call('PEXPIRE', KEYS[3], ARGV[8])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[9])
return 'ok'`;

/** Takes one connection off this instance's counts (never below zero). */
const RELEASE = `
for i = 1, 2 do
  if tonumber(redis.call('HINCRBY', KEYS[i], ARGV[i], -1)) <= 0 then redis.call('HDEL', KEYS[i], ARGV[i]) end
end
return 1`;

/**
 * Connection limits across instances (REDIS_URL): each instance publishes its per-user and
 * per-document connection counts in Redis hashes that expire unless it refreshes them, and a new
 * connection is checked against the sum over the instances alive. `local` is this instance's
 * count (kept by the collaboration server, which counts a socket before asking here and uncounts it
 * when refused). While Redis is unreachable the check says yes and each instance's own limit applies.
 */
export function createRedisConnectionCounter(bus: RedisBus, log: Logger, local: ConnectionCounts, me = instanceId()): ClusterConnectionCounter & { refresh(): Promise<void> } {
  const prefix = `${bus.namespace}:conns:`;
  const registry = `${prefix}instances`;
  const userKey = `${prefix}${me}:user`;
  const docKey = `${prefix}${me}:doc`;
  async function refresh(): Promise<void> {
    if (bus.status !== "ready") return;
    const now = Date.now();
    const tx = bus.pub.multi().del(userKey, docKey);
    // This instance's own counts are the truth its Redis hashes are rewritten from (after an outage too).
    if (local.users.size) tx.hset(userKey, Object.fromEntries(local.users)).pexpire(userKey, COUNTS_TTL_MS);
    if (local.documents.size) tx.hset(docKey, Object.fromEntries(local.documents)).pexpire(docKey, COUNTS_TTL_MS);
    await tx.zadd(registry, now, me).zremrangebyscore(registry, "-inf", now - COUNTS_TTL_MS).exec();
  }
  const heartbeat = setInterval(() => refresh().catch((error: Error) => log.debug({ err: error.message }, "connection counts: refresh failed")), HEARTBEAT_MS);
  heartbeat.unref();
  const unsubscribe = bus.onReady(() => void refresh().catch(() => undefined));

  return {
    async acquire(userId, documentId, limits) {
      // The socket is already in `local`, not yet in this instance's hash (unless a refresh ran in
      // between: then it counts twice until the next refresh, refusing at most one socket early).
      if (bus.status !== "ready") return null;
      try {
        const now = Date.now();
        const verdict = await bus.pub.eval(ACQUIRE, 3, registry, userKey, docKey, prefix, String(now - COUNTS_TTL_MS), String(now), userId, documentId, String(limits.perUser), String(limits.perDocument), String(COUNTS_TTL_MS), me);
        return verdict === "user" || verdict === "document" ? verdict : null;
      } catch (error) {
        log.warn({ err: (error as Error).message }, "connection counts: Redis check failed; this instance's limits apply");
        return null;
      }
    },
    release(userId, documentId) {
      if (bus.status !== "ready") return;
      bus.pub.eval(RELEASE, 2, userKey, docKey, userId, documentId).catch(() => undefined);
    },
    refresh,
    async close() {
      clearInterval(heartbeat);
      unsubscribe();
      if (bus.status === "ready") await bus.pub.multi().del(userKey, docKey).zrem(registry, me).exec().catch(() => undefined);
    },
  };
}
