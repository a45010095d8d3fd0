import { existsSync } from "node:fs";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisCollabRelay } from "../../server/cluster/collab-relay";
import { createRedisConnectionCounter } from "../../server/cluster/connection-counts";
import { ConnectionCounts } from "../../server/collab/limits";
import { RedisBus } from "../../server/cluster/redis";
import { REDIS_SERVER, startPrivateRedis, type PrivateRedis } from "../helpers/redis-server";

// What instances coordinate through Redis beyond pub/sub: connection limits (counters of several
// "instances" on one private Redis, as separate app processes would have) and compaction claims.

const log = pino({ level: "silent" });
const limits = { perUser: 3, perDocument: 4 };

describe.runIf(existsSync(REDIS_SERVER) || process.env.CI)("connection limits counted across instances", () => {
  let redis: PrivateRedis;
  const buses: RedisBus[] = [];
  // Instances' ids are unique per test so the tests do not see each other's counts.
  const counterFor = async (id: string) => {
    const bus = new RedisBus(redis.url, log, `cw-test-${process.pid}`);
    buses.push(bus);
    await bus.waitReady();
    // As the collaboration server uses it: a socket is counted here first, uncounted when refused.
    const local = new ConnectionCounts();
    const counter = createRedisConnectionCounter(bus, log, local, id);
    return {
      bus,
      refresh: counter.refresh,
      close: counter.close,
      async acquire(userId: string, documentId: string, l: typeof limits) {
        local.add(userId, documentId, 1);
        const over = await counter.acquire(userId, documentId, l);
        if (over) local.add(userId, documentId, -1);
        return over;
      },
      release(userId: string, documentId: string) {
        local.add(userId, documentId, -1);
        counter.release(userId, documentId);
      },
    };
  };

  beforeAll(async () => {
    redis = await startPrivateRedis();
  });
  afterAll(async () => {
    for (const bus of buses) await bus.close();
    await redis?.stop();
  });

  it("refuses a user's connection past the limit summed over instances, and counts a released one back", async () => {
    const [a, b] = [await counterFor("a"), await counterFor("b")];
    expect(await a.acquire("u1", "d1", limits)).toBeNull();
    expect(await a.acquire("u1", "d2", limits)).toBeNull();
    expect(await b.acquire("u1", "d3", limits)).toBeNull();
    expect(await b.acquire("u1", "d4", limits)).toBe("user"); // 2 on a + 1 on b
    expect(await a.acquire("u2", "d4", limits)).toBeNull(); // another user is not affected
    a.release("u1", "d1");
    await expect.poll(() => b.acquire("u1", "d4", limits)).toBeNull();
    await a.close();
    await b.close();
  });

  it("refuses a document's connection past its limit over instances", async () => {
    const [a, b] = [await counterFor("a2"), await counterFor("b2")];
    for (const u of ["x1", "x2"]) expect(await a.acquire(u, "busy", limits)).toBeNull();
    for (const u of ["x3", "x4"]) expect(await b.acquire(u, "busy", limits)).toBeNull();
    expect(await a.acquire("x5", "busy", limits)).toBe("document");
    expect(await b.acquire("x5", "quiet", limits)).toBeNull();
    await a.close();
    await b.close();
  });

  it("stops counting an instance that closes, and rewrites its counts when Redis comes back empty", async () => {
    const [a, b] = [await counterFor("a3"), await counterFor("b3")];
    for (const d of ["d1", "d2", "d3"]) expect(await a.acquire("u3", d, limits)).toBeNull();
    expect(await b.acquire("u3", "d4", limits)).toBe("user");
    await a.close(); // its connections are gone with it
    expect(await b.acquire("u3", "d4", limits)).toBeNull();

    // Redis restarts empty: b's count (1) is restored from what b holds, so the limit still sees it.
    await redis.stop();
    await redis.start();
    const c = await counterFor("c3");
    await expect.poll(() => b.bus.status, { timeout: 10_000 }).toBe("ready");
    await b.refresh();
    for (const d of ["d5", "d6"]) expect(await c.acquire("u3", d, limits)).toBeNull();
    expect(await c.acquire("u3", "d7", limits)).toBe("user");
    await b.close();
    await c.close();
  });

  it("gives a document's compaction to one instance until it lets go", async () => {
    const bus = new RedisBus(redis.url, log, `cw-test-${process.pid}`);
    buses.push(bus);
    await bus.waitReady();
    const [a, b] = [createRedisCollabRelay(bus, log, "relay-a"), createRedisCollabRelay(bus, log, "relay-b")];
    expect(await a.claimCompaction!("doc")).toBe(true);
    expect(await b.claimCompaction!("doc")).toBe(false);
    expect(await a.claimCompaction!("doc")).toBe(true); // renewed by its holder
    expect(await b.claimCompaction!("other-doc")).toBe(true);
    await b.releaseCompaction!("doc"); // not b's to give up
    expect(await b.claimCompaction!("doc")).toBe(false);
    await a.releaseCompaction!("doc");
    expect(await b.claimCompaction!("doc")).toBe(true);
    expect(await a.claimCompaction!("doc")).toBe(false);
  });

  it("falls back rather than waits when Redis stops answering", async () => {
    const counter = await counterFor("frozen-a");
    const relay = createRedisCollabRelay(counter.bus, log, "frozen-relay");
    redis.freeze(true);
    try {
      const started = Date.now();
      // Connection limits: this instance's own counts apply; compaction: allowed (safe concurrently).
      expect(await counter.acquire("u9", "d9", limits)).toBeNull();
      expect(await relay.claimCompaction!("frozen-doc")).toBe(true);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      redis.freeze(false);
    }
    await counter.close();
  });
});
