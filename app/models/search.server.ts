import { getDb } from "../../db/client";
import { loadHitDetails, type HitDetail } from "../../db/queries/search-details";
import { searchIndex } from "../../db/queries/search";
import type { RequestUser } from "../load-context";
import { highlightAll, makeSnippet, type Segment, type Snippet } from "../lib/search-highlight";
import { POSTS_PER_PAGE } from "../lib/thread-validation";
import { membersOnlyStates, readableStates, type SearchKind } from "../lib/search-policy";
import { parseSearchQuery } from "../lib/search-query";
import { listDirectory } from "./coalitions.server";

export const PAGE_SIZE = 20;
/** Beyond this many matches the count reads "1,000+": counting further only costs time. */
export const COUNT_CAP = 1000;

/** The filter's kinds as users name them; "threads" covers thread titles and their posts. */
export const KIND_FILTERS = {
  documents: ["document"],
  outputs: ["output"],
  threads: ["thread", "post"],
  coalitions: ["coalition"],
  consultations: ["consultation"],
} as const satisfies Record<string, readonly SearchKind[]>;
export type KindFilter = keyof typeof KIND_FILTERS;

export interface SearchInput {
  q: string;
  kind?: KindFilter;
  coalition?: string;
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  to?: string;
  page: number;
}

export interface SearchResultItem {
  kind: SearchKind;
  id: string;
  href: string;
  coalition: { slug: string; name: string };
  title: Segment[];
  snippet: Snippet | null;
  at: string;
  by: string | null;
  versionLabel?: string;
  postNumber?: number;
}

export interface SearchOutcome {
  /** Why there are no results to look for ("empty"), or null when the query was run. */
  problem: "empty" | "no-terms" | null;
  understood: string;
  truncated: boolean;
  total: number;
  capped: boolean;
  page: number;
  pageCount: number;
  results: SearchResultItem[];
}

const postPage = (n: number) => Math.max(1, Math.ceil(n / POSTS_PER_PAGE));

function href(d: HitDetail): string {
  const base = `/coalitions/${encodeURIComponent(d.coalition.slug)}`;
  switch (d.kind) {
    case "coalition":
      return base;
    case "document":
      return `${base}/documents/${d.refId}`;
    case "output":
      return `${base}/outputs/${d.refId}`;
    case "thread":
      return `${base}/threads/${d.threadId}`;
    case "post":
      // The thread page shows POSTS_PER_PAGE posts per ?page=; the anchor scrolls to the post.
      return `${base}/threads/${d.threadId}${postPage(d.postNumber!) > 1 ? `?page=${postPage(d.postNumber!)}` : ""}#post-${d.postNumber}`;
    case "consultation":
      return `${base}/consultations/${d.consultationId}#comment-${d.refId}`;
  }
}

/** Runs a search as this user: only what they may read, one page, with snippets. */
export async function runSearch(user: RequestUser | null, input: SearchInput): Promise<SearchOutcome> {
  const parsed = parseSearchQuery(input.q);
  const empty = { understood: parsed.normalized, truncated: parsed.truncated, total: 0, capped: false, page: 1, pageCount: 0, results: [] };
  if (!input.q.trim()) return { problem: "empty", ...empty };
  if (!parsed.terms.length) return { problem: "no-terms", ...empty };

  const page = Math.max(1, input.page);
  const toExclusive = input.to ? new Date(Date.parse(`${input.to}T00:00:00.000Z`) + 86_400_000).toISOString() : undefined;
  const db = getDb();
  const found = await searchIndex(db, {
    terms: parsed.terms,
    viewerId: user?.id ?? null,
    readable: readableStates({ signedIn: Boolean(user), isSiteAdmin: user?.isSiteAdmin }),
    membersOnly: membersOnlyStates({ signedIn: Boolean(user), isSiteAdmin: user?.isSiteAdmin }),
    kinds: input.kind ? [...KIND_FILTERS[input.kind]] : undefined,
    coalitionSlug: input.coalition || undefined,
    from: input.from ? `${input.from}T00:00:00.000Z` : undefined,
    to: toExclusive,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
    countCap: COUNT_CAP,
  });
  const details = await loadHitDetails(db, found.hits);
  const needles = parsed.terms.map((t) => t.text);
  const results = details.map((d): SearchResultItem => ({
    kind: d.kind,
    id: d.refId,
    href: href(d),
    coalition: { slug: d.coalition.slug, name: d.coalition.name },
    title: highlightAll(d.title, needles),
    snippet: d.body ? makeSnippet(d.body, needles) : null,
    at: d.at,
    by: d.by,
    versionLabel: d.versionLabel,
    postNumber: d.postNumber,
  }));
  return {
    problem: null,
    understood: parsed.normalized,
    truncated: parsed.truncated,
    total: found.total,
    capped: found.capped,
    page,
    pageCount: Math.ceil(found.total / PAGE_SIZE),
    results,
  };
}

/** The coalitions the filter offers: those the viewer can see. */
export async function searchableCoalitions(user: RequestUser | null) {
  const list = await listDirectory(user, { includeArchived: true });
  return list.map((c) => ({ slug: c.slug, name: c.name }));
}
