/**
 * Snippets with highlighted matches, as plain segments: the UI renders `hit` segments in
 * <mark> and every segment as escaped text, so nothing in a document or post can inject markup.
 * Matching folds case and diacritics like the indexes do (é = e, Ё = е).
 */

export interface Segment {
  text: string;
  hit: boolean;
}

export interface Snippet {
  segments: Segment[];
  /** Text was cut before / after the snippet. */
  before: boolean;
  after: boolean;
}

interface Folded {
  text: string;
  /** For each UTF-16 unit of `text`, the index in the original string where its character starts. */
  map: number[];
}

/** Lower-cases, strips combining marks and collapses whitespace, remembering original offsets. */
export function fold(source: string): Folded {
  let text = "";
  const map: number[] = [];
  let lastSpace = false;
  for (let i = 0; i < source.length; ) {
    const code = source.charCodeAt(i);
    // ASCII fast path: most text, and a snippet folds a whole document.
    if (code < 128) {
      if (code === 32 || (code >= 9 && code <= 13)) {
        if (!lastSpace) {
          text += " ";
          map.push(i);
        }
        lastSpace = true;
      } else {
        text += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : source[i];
        map.push(i);
        lastSpace = false;
      }
      i++;
      continue;
    }
    const cp = source.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (/\s/u.test(ch)) {
      if (!lastSpace) {
        text += " ";
        map.push(i);
      }
      lastSpace = true;
    } else {
      const f = ch.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase() || ch;
      for (let k = 0; k < f.length; k++) map.push(i);
      text += f;
      lastSpace = false;
    }
    i += ch.length;
  }
  map.push(source.length);
  return { text, map };
}

/** Every [start, end) range in `source` where one of the needles occurs, merged and sorted. */
export function matchRanges(source: string, needles: string[]): Array<[number, number]> {
  const f = fold(source);
  const ranges: Array<[number, number]> = [];
  for (const needle of needles) {
    const n = fold(needle).text.trim();
    if (!n) continue;
    for (let at = f.text.indexOf(n); at !== -1; at = f.text.indexOf(n, at + n.length)) {
      ranges.push([f.map[at], f.map[at + n.length] ?? source.length]);
      if (ranges.length > 200) break;
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  return merged;
}

function segmentsOf(source: string, start: number, end: number, ranges: Array<[number, number]>): Segment[] {
  const out: Segment[] = [];
  let at = start;
  for (const [s, e] of ranges) {
    if (e <= start || s >= end) continue;
    const s1 = Math.max(s, start);
    const e1 = Math.min(e, end);
    if (s1 > at) out.push({ text: source.slice(at, s1), hit: false });
    out.push({ text: source.slice(s1, e1), hit: true });
    at = e1;
  }
  if (at < end) out.push({ text: source.slice(at, end), hit: false });
  return out;
}

/** The whole (short) text with matches marked, e.g. a title. */
export function highlightAll(source: string, needles: string[]): Segment[] {
  return segmentsOf(source, 0, source.length, matchRanges(source, needles));
}

/** A window of about `width` characters around the first match (or the start), matches marked. */
export function makeSnippet(source: string, needles: string[], width = 240): Snippet {
  const text = source.replace(/\s+/g, " ").trim();
  const ranges = matchRanges(text, needles);
  const first = ranges[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(width / 3));
  let end = Math.min(text.length, start + width);
  start = Math.max(0, Math.min(start, end - width));
  // Cut at word boundaries where there are any (Chinese has none: cut anywhere).
  if (start > 0) {
    const space = text.indexOf(" ", start);
    if (space !== -1 && space < first && space - start < 30) start = space + 1;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > start && end - space < 30 && space > (ranges[0]?.[1] ?? 0)) end = space;
  }
  // Never split a surrogate pair.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start] ?? "")) start--;
  if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end] ?? "")) end++;
  return { segments: segmentsOf(text, start, end, ranges), before: start > 0, after: end < text.length };
}
