/**
 * A thread page holds up to POSTS_PER_PAGE posts by number (page 2 is posts 51–100), and is split
 * into parts when their rendered HTML passes a budget, so that no response carries more than about
 * the budget whatever the posts' sizes. Ordinary threads have one part per page.
 */

export interface PagePart {
  /** First and last post number of the part. */
  from: number;
  to: number;
}

/** Splits a page's posts (in order, with their HTML sizes) into parts of at most `budget` characters (a part has at least one post). */
export function splitBySize(posts: ReadonlyArray<{ number: number; size: number }>, budget: number): PagePart[] {
  const parts: PagePart[] = [];
  let current: PagePart | null = null;
  let used = 0;
  for (const p of posts) {
    if (current && used + p.size > budget) {
      parts.push(current);
      current = null;
    }
    if (!current) {
      current = { from: p.number, to: p.number };
      used = 0;
    }
    current.to = p.number;
    used += p.size;
  }
  if (current) parts.push(current);
  return parts;
}

/** The (1-based) part of `parts` holding post `number`, or 1. */
export function partOf(parts: readonly PagePart[], number: number): number {
  const i = parts.findIndex((p) => number >= p.from && number <= p.to);
  return i < 0 ? 1 : i + 1;
}
