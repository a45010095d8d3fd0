import { Extension } from "@tiptap/core";
import { Plugin, PluginKey, type EditorState } from "@tiptap/pm/state";
import { Decoration, DecorationSet, type EditorView } from "@tiptap/pm/view";
import type * as Y from "yjs";
import { authorRanges, type AuthorRange } from "./author-ranges";

export type ColourMode = "off" | "person" | "group";

/** What one run of text is shown as: a swatch (background, underline colour and style) and a name. */
export interface Swatch {
  key: string;
  name: string;
  background: string | null;
  line: string;
  lineStyle: "solid" | "double" | "dotted" | "dashed" | "wavy";
}

export interface AuthorColoursState {
  mode: ColourMode;
  /** Client id → the swatch its text is shown with. */
  swatches: Map<number, Swatch>;
  ranges: AuthorRange[];
  decorations: DecorationSet;
}

export const authorColoursKey = new PluginKey<AuthorColoursState>("authorColours");

function decorate(state: EditorState, ranges: AuthorRange[], swatches: Map<number, Swatch>): DecorationSet {
  const decos: Decoration[] = [];
  for (const r of ranges) {
    const s = swatches.get(r.client);
    if (!s) continue;
    const style = `${s.background ? `background-color:${s.background};` : ""}text-decoration-line:underline;text-decoration-color:${s.line};text-decoration-style:${s.lineStyle};text-decoration-thickness:2px;text-underline-offset:3px`;
    decos.push(Decoration.inline(r.from, r.to, { style, title: s.name, "data-author": s.name, class: "author-run" }));
  }
  return DecorationSet.create(state.doc, decos);
}

type Meta = { mode: ColourMode; swatches: Map<number, Swatch> } | { ranges: AuthorRange[] };

/**
 * "Colour by author / by stakeholder group" (issue 23): each run of the draft's text is shown with
 * its author's swatch (background, and an underline whose style differs too: never colour alone),
 * named on hover. The runs come from the Yjs items behind the text (author-ranges.ts), recomputed
 * shortly after the document changes; in between, decorations follow the edits.
 */
export const AuthorColours = Extension.create<{ fragment: Y.XmlFragment | null }>({
  name: "authorColours",
  addOptions() {
    return { fragment: null };
  },
  addProseMirrorPlugins() {
    const fragment = this.options.fragment;
    return [
      new Plugin<AuthorColoursState>({
        key: authorColoursKey,
        state: {
          init: () => ({ mode: "off", swatches: new Map(), ranges: [], decorations: DecorationSet.empty }),
          apply(tr, value, _old, state) {
            const meta = tr.getMeta(authorColoursKey) as Meta | undefined;
            if (meta && "mode" in meta) {
              if (meta.mode === "off") return { mode: "off", swatches: meta.swatches, ranges: [], decorations: DecorationSet.empty };
              const ranges = fragment ? authorRanges(fragment, state.doc) : [];
              return { mode: meta.mode, swatches: meta.swatches, ranges, decorations: decorate(state, ranges, meta.swatches) };
            }
            if (meta && "ranges" in meta && value.mode !== "off") return { ...value, ranges: meta.ranges, decorations: decorate(state, meta.ranges, value.swatches) };
            if (!tr.docChanged || value.mode === "off") return value;
            return { ...value, decorations: value.decorations.map(tr.mapping, tr.doc) };
          },
        },
        props: {
          decorations: (state) => authorColoursKey.getState(state)?.decorations,
        },
        view: () => {
          let timer: ReturnType<typeof setTimeout> | undefined;
          return {
            update(view: EditorView, prev: EditorState) {
              const value = authorColoursKey.getState(view.state);
              if (!fragment || !value || value.mode === "off" || view.state.doc.eq(prev.doc)) return;
              clearTimeout(timer);
              // After the Yjs binding has mirrored this change both ways.
              timer = setTimeout(() => {
                if (view.isDestroyed) return;
                view.dispatch(view.state.tr.setMeta(authorColoursKey, { ranges: authorRanges(fragment, view.state.doc) } satisfies Meta).setMeta("addToHistory", false));
              }, 150);
            },
            destroy: () => clearTimeout(timer),
          };
        },
      }),
    ];
  },
});

/** Switches the colours (or off) with these swatches. */
export function setAuthorColours(view: EditorView, mode: ColourMode, swatches: Map<number, Swatch>): void {
  view.dispatch(view.state.tr.setMeta(authorColoursKey, { mode, swatches } satisfies Meta).setMeta("addToHistory", false));
}

/** The swatch of the text at a position, if colours are on. */
export function swatchAt(state: EditorState, pos: number): Swatch | null {
  const value = authorColoursKey.getState(state);
  if (!value || value.mode === "off") return null;
  const run = value.ranges.find((r) => r.from <= pos && pos < r.to) ?? value.ranges.find((r) => r.from < pos && pos <= r.to);
  return run ? (value.swatches.get(run.client) ?? null) : null;
}
