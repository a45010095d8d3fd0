import { describe, expect, it } from "vitest";
import { partOf, splitBySize } from "../../app/lib/thread-paging";

const posts = (sizes: number[], first = 1) => sizes.map((size, i) => ({ number: first + i, size }));

describe("splitBySize: a page's posts in parts under a size budget", () => {
  it("keeps an ordinary page whole", () => {
    expect(splitBySize(posts(Array(50).fill(2_000)), 1_000_000)).toEqual([{ from: 1, to: 50 }]);
  });

  it("starts a new part before a post that would pass the budget", () => {
    expect(splitBySize(posts([400, 400, 300, 500, 100], 51), 1_000)).toEqual([
      { from: 51, to: 52 },
      { from: 53, to: 55 },
    ]);
  });

  it("gives a post larger than the budget a part of its own, never an empty part", () => {
    expect(splitBySize(posts([100, 5_000, 100]), 1_000)).toEqual([
      { from: 1, to: 1 },
      { from: 2, to: 2 },
      { from: 3, to: 3 },
    ]);
    expect(splitBySize([], 1_000)).toEqual([]);
  });

  it("finds the part holding a post, else the first", () => {
    const parts = [{ from: 1, to: 8 }, { from: 9, to: 12 }];
    expect(partOf(parts, 9)).toBe(2);
    expect(partOf(parts, 8)).toBe(1);
    expect(partOf(parts, 99)).toBe(1);
  });
});
