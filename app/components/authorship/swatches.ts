import type { DraftAuthor } from "../../lib/contributions";
import type { ColourMode, Swatch } from "./author-colours";

const LINE_STYLES: Swatch["lineStyle"][] = ["solid", "double", "dashed", "dotted", "wavy"];
// Light backgrounds with a darker line of the same hue (the text stays black on them: contrast
// above 4.5:1); the high-contrast palette drops the backgrounds and uses lines of 3:1 or more
// against white (WCAG 1.4.11), told apart by their style as well.
const SOFT = [
  ["#dbeafe", "#1d4ed8"],
  ["#fce7f3", "#be185d"],
  ["#dcfce7", "#15803d"],
  ["#fef3c7", "#b45309"],
  ["#ede9fe", "#6d28d9"],
  ["#ffedd5", "#c2410c"],
  ["#cffafe", "#0e7490"],
  ["#f1f5f9", "#475569"],
] as const;
const STRONG = ["#1d4ed8", "#be185d", "#15803d", "#92400e", "#6d28d9", "#c2410c", "#0e7490", "#334155"] as const;
const GROUP_ORDER = ["government", "technical", "private", "civil", "academic", "unknown"];

function swatch(index: number, key: string, name: string, highContrast: boolean): Swatch {
  const i = index % SOFT.length;
  const lineStyle = LINE_STYLES[index % LINE_STYLES.length];
  return highContrast ? { key, name, background: null, line: STRONG[i], lineStyle } : { key, name, background: SOFT[i][0], line: SOFT[i][1], lineStyle };
}

/** The legend (one entry per person or group, in order) and each client id's swatch. */
export function swatchesFor(authors: DraftAuthor[], mode: ColourMode, highContrast: boolean): { legend: Swatch[]; byClient: Map<number, Swatch> } {
  const byClient = new Map<number, Swatch>();
  const legend: Swatch[] = [];
  if (mode === "person") {
    authors.forEach((a, i) => {
      const s = swatch(i, a.key, a.name, highContrast);
      legend.push(s);
      for (const c of a.clientIds) byClient.set(c, s);
    });
  } else if (mode === "group") {
    const groups = new Map<string, Swatch>();
    for (const a of authors) {
      let s = groups.get(a.group);
      if (!s) groups.set(a.group, (s = swatch(Math.max(0, GROUP_ORDER.indexOf(a.group)), a.group, a.groupLabel, highContrast)));
      for (const c of a.clientIds) byClient.set(c, s);
    }
    legend.push(...[...groups.values()].sort((x, y) => GROUP_ORDER.indexOf(x.key) - GROUP_ORDER.indexOf(y.key)));
  }
  return { legend, byClient };
}
