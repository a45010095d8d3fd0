import { describe, expect, it } from "vitest";
import { CloseCode } from "../../app/lib/collab-protocol";
import { KeyedBuckets } from "../../server/collab/handshake-limits";
import { checkLiveness, enforceBacklogBudget, MAX_PING_INTERVAL_MS, type WatchedConnection } from "../../server/collab/liveness";
import { CollabMetrics } from "../../server/collab/metrics";

/** A connection as the watch sees it: its backlog, what it heard and when it was pinged. */
function fake(name: string, bufferedAmount = 0, heardAt = 0) {
  const conn = {
    name,
    closed: false,
    closeCode: null as number | null,
    pings: 0,
    lastHeardAt: heardAt,
    pingSentAt: null as number | null,
    lastPingAt: heardAt,
    ws: { bufferedAmount },
    ping(at = 0) {
      conn.pings++;
      conn.pingSentAt = conn.lastPingAt = at;
    },
    close(code: number) {
      conn.closed = true;
      conn.closeCode = code;
    },
  };
  return conn;
}
const asWatched = (conns: ReturnType<typeof fake>[]) => conns as unknown as WatchedConnection[];

describe("backlog budget", () => {
  it("closes the slowest readers first, only until the sum is under the budget", () => {
    const metrics = new CollabMetrics();
    const conns = [fake("a", 30), fake("b", 90), fake("c", 10), fake("d", 60), fake("e", 0)];
    // 190 bytes held, budget 100: closing b (90) leaves 100, which is within it.
    expect(enforceBacklogBudget(asWatched(conns), 100, metrics)).toBe(1);
    expect(conns.filter((c) => c.closed).map((c) => c.name)).toEqual(["b"]);
    expect(conns.find((c) => c.name === "b")!.closeCode).toBe(CloseCode.SLOW_READER);
    // Budget 50: then d (60) goes, leaving 40.
    expect(enforceBacklogBudget(asWatched(conns), 50, metrics)).toBe(1);
    expect(conns.filter((c) => c.closed).map((c) => c.name)).toEqual(["b", "d"]);
    expect(metrics.snapshot().refusals["backlog-budget"]).toBe(2);
  });

  it("closes nobody while the sum is within the budget", () => {
    const conns = [fake("a", 50), fake("b", 50)];
    expect(enforceBacklogBudget(asWatched(conns), 100, new CollabMetrics())).toBe(0);
    expect(conns.some((c) => c.closed)).toBe(false);
  });
});

describe("liveness", () => {
  const limits = { pingAfterMs: 100, pongTimeoutMs: 50 };

  it("pings a silent connection, closes it when nothing answers in time, keeps one that answered", () => {
    const metrics = new CollabMetrics();
    const silent = fake("silent");
    const answers = fake("answers");
    const busy = fake("busy");
    const conns = [silent, answers, busy];
    const pingAt = (now: number) => (c: (typeof conns)[number]) => (c.ping = () => ((c.pings++, (c.pingSentAt = c.lastPingAt = now))));
    conns.forEach(pingAt(99));
    busy.lastHeardAt = 90;
    checkLiveness(asWatched(conns), limits, metrics, 99); // not silent long enough yet
    expect(conns.map((c) => c.pings)).toEqual([0, 0, 0]);
    conns.forEach(pingAt(100));
    checkLiveness(asWatched(conns), limits, metrics, 100);
    expect(conns.map((c) => c.pings)).toEqual([1, 1, 0]); // busy was heard 10 ms ago
    answers.lastHeardAt = 120; // its pong
    conns.forEach(pingAt(150));
    checkLiveness(asWatched(conns), limits, metrics, 150);
    expect(silent.closeCode).toBe(CloseCode.NO_ANSWER);
    expect(answers.closed).toBe(false);
    expect(answers.pingSentAt).toBeNull();
    expect(metrics.snapshot().refusals["no-answer"]).toBe(1);
  });

  it("pings every connection at least every 30 s however much it sends", () => {
    const chatty = fake("chatty");
    chatty.ping = () => ((chatty.pings++, (chatty.pingSentAt = chatty.lastPingAt = MAX_PING_INTERVAL_MS)));
    chatty.lastHeardAt = MAX_PING_INTERVAL_MS - 1;
    checkLiveness(asWatched([chatty]), { pingAfterMs: 10_000, pongTimeoutMs: 4000 }, new CollabMetrics(), MAX_PING_INTERVAL_MS);
    expect(chatty.pings).toBe(1);
  });
});

describe("handshake buckets", () => {
  it("lets a burst through per key, then asks to wait; other keys are not affected; burst 0 is no limit", () => {
    const buckets = new KeyedBuckets(0.5, 2);
    expect([buckets.take("a"), buckets.take("a")]).toEqual([0, 0]);
    expect(buckets.take("a")).toBe(2); // one token comes back in 2 s at 0.5/s
    expect(buckets.take("b")).toBe(0);
    const off = new KeyedBuckets(0, 0);
    expect(Array.from({ length: 100 }, () => off.take("a")).every((w) => w === 0)).toBe(true);
  });
});
