import { diffWords } from "diff";

/** One run of a comparison: text both sides share, or text only the newer (added) / older (removed) has. */
export interface DiffPart {
  kind: "same" | "added" | "removed";
  text: string;
}

/**
 * A readable word-level comparison of two plain texts (older → newer). Whitespace changes
 * alone are not differences; line breaks between blocks are kept so paragraphs stay apart.
 */
export function compareTexts(older: string, newer: string): { parts: DiffPart[]; added: number; removed: number } {
  const parts: DiffPart[] = [];
  let added = 0;
  let removed = 0;
  for (const change of diffWords(older, newer)) {
    const kind = change.added ? "added" : change.removed ? "removed" : "same";
    const words = change.value.split(/\s+/).filter(Boolean).length;
    if (kind === "added") added += words;
    if (kind === "removed") removed += words;
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += change.value;
    else parts.push({ kind, text: change.value });
  }
  return { parts, added, removed };
}
