import { describe, expect, it } from "vitest";
import { LATENCY_BOUNDS_MS, LatencyHistogram } from "../../server/collab/metrics";

describe("LatencyHistogram", () => {
  it("counts each observation in the first bucket whose bound it does not exceed, cumulatively", () => {
    const h = new LatencyHistogram();
    for (const ms of [0.2, 1, 1.5, 4.9, 5, 7, 30, 2000]) h.observe(ms);
    const s = h.snapshot();
    expect(s.count).toBe(8);
    expect(s.buckets["1"]).toBe(2); // 0.2 and exactly 1
    expect(s.buckets["2"]).toBe(3);
    expect(s.buckets["5"]).toBe(5); // 4.9 and exactly 5
    expect(s.buckets["10"]).toBe(6);
    expect(s.buckets["25"]).toBe(6);
    expect(s.buckets["50"]).toBe(7);
    expect(s.buckets["1000"]).toBe(7);
    expect(s.buckets["+Inf"]).toBe(8); // 2000 ms is only in the last bucket
    expect(Object.keys(s.buckets)).toEqual([...LATENCY_BOUNDS_MS.map(String), "+Inf"]);
    expect(s.maxMs).toBe(2000);
    expect(s.sumMs).toBeCloseTo(0.2 + 1 + 1.5 + 4.9 + 5 + 7 + 30 + 2000, 3);
  });

  it("ignores values that are not latencies", () => {
    const h = new LatencyHistogram();
    h.observe(Number.NaN);
    h.observe(-3);
    h.observe(3);
    expect(h.snapshot()).toMatchObject({ count: 1, maxMs: 3, sumMs: 3 });
  });
});
