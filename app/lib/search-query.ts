/**
 * Turns whatever a user typed into the search box into a few safe terms. Nothing the user
 * types ever reaches a query language: the database layer quotes each term as a literal
 * (FTS5 string, LIKE pattern), so `"`, `*`, `NEAR`, `AND(`, unbalanced quotes and control
 * characters are just text.
 *
 * Matching is by substring (trigram index on SQLite, pg_trgm on PostgreSQL), which is what
 * lets Chinese (no spaces) and inflected words in any script be found; `stand*` is accepted
 * as a prefix search and `"open standards"` as a phrase.
 */

export interface SearchTerm {
  /** The text to find, whitespace collapsed, at most MAX_TERM_LENGTH characters. */
  text: string;
  /** Typed in double quotes. */
  phrase: boolean;
  /** Typed with a trailing `*`. */
  prefix: boolean;
}

export interface ParsedQuery {
  terms: SearchTerm[];
  /** The query as understood, for display (`"open standards" stand*`). */
  normalized: string;
  /** Set when the query had to be shortened (too long, too many words). */
  truncated: boolean;
}

export const MAX_QUERY_LENGTH = 500;
export const MAX_TERMS = 8;
export const MAX_TERM_LENGTH = 80;

// Control, format, surrogate and private-use characters never match anything useful.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}]/gu;
// Letters, numbers and combining marks (Arabic vowel signs, Devanagari…) make up words.
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}\p{M}]+|[^\p{L}\p{N}\p{M}]+$/gu;

function cleanWord(raw: string): string {
  return raw.replace(EDGE_PUNCTUATION, "");
}

function clip(text: string): string {
  return Array.from(text).slice(0, MAX_TERM_LENGTH).join("").trim();
}

/** Parses a raw query. Never throws; an unusable query gives no terms. */
export function parseSearchQuery(raw: unknown): ParsedQuery {
  let input = typeof raw === "string" ? raw : "";
  let truncated = false;
  if (input.length > MAX_QUERY_LENGTH) {
    input = input.slice(0, MAX_QUERY_LENGTH);
    truncated = true;
  }
  input = input.normalize("NFKC").replace(INVISIBLE, " ");

  const terms: SearchTerm[] = [];
  const seen = new Set<string>();
  const push = (term: SearchTerm) => {
    const key = `${term.phrase ? "p" : "w"}:${term.text.toLowerCase()}`;
    if (!term.text || seen.has(key)) return;
    if (terms.length >= MAX_TERMS) {
      truncated = true;
      return;
    }
    seen.add(key);
    terms.push(term);
  };

  // A quote opens a phrase that runs to the next quote, or to the end when unbalanced.
  const tokens = /"([^"]*)(?:"|$)|([^\s"]+)/g;
  for (const m of input.matchAll(tokens)) {
    if (m[1] !== undefined) {
      const words = m[1].split(/\s+/).map(cleanWord).filter(Boolean);
      if (words.length > 1) push({ text: clip(words.join(" ")), phrase: true, prefix: false });
      else if (words.length === 1) push({ text: clip(words[0]), phrase: false, prefix: false });
    } else if (m[2] !== undefined) {
      const prefix = /\*+$/.test(m[2]);
      push({ text: clip(cleanWord(m[2])), phrase: false, prefix });
    }
  }

  const normalized = terms.map((t) => (t.phrase ? `"${t.text}"` : t.prefix ? `${t.text}*` : t.text)).join(" ");
  return { terms, normalized, truncated };
}
