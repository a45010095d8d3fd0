import { Plugin, PluginKey, type EditorState } from "@tiptap/pm/state";
import { Decoration, DecorationSet, type EditorView } from "@tiptap/pm/view";
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from "@tiptap/y-tiptap";
import * as Y from "yjs";

/**
 * Comment anchors (issue 23): a comment's range is two Yjs relative positions over the editor's
 * XmlFragment, kept in the database (never as marks in the document: someone who may only
 * comment never writes to it). Here they become absolute positions again after every change, and
 * the ranges are shown by a decoration plugin: an underline and a numbered marker (not colour
 * alone), the active one stronger.
 */

export interface AnchorInput {
  id: string;
  start: string | null;
  end: string | null;
  /** The number its marker shows (its place among the open comments). */
  label: number;
}

export interface ResolvedAnchor {
  id: string;
  from: number | null;
  to: number | null;
  /** The anchored text has been deleted (the range collapsed or its ends are gone). */
  removed: boolean;
}

interface YState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: Map<unknown, unknown> } | null;
}

function yState(state: EditorState): YState | null {
  const y = ySyncPluginKey.getState(state) as YState | undefined;
  return y && y.binding ? y : null;
}

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** The selection's two ends as encoded relative positions (null before the document is bound). */
export function encodeRange(state: EditorState, from: number, to: number): { start: string; end: string } | null {
  const y = yState(state);
  if (!y) return null;
  const rel = (pos: number) => toBase64(Y.encodeRelativePosition(absolutePositionToRelativePosition(pos, y.type, y.binding!.mapping as never)));
  return { start: rel(from), end: rel(to) };
}

/** Where each anchor is now. */
export function resolveAnchors(state: EditorState, anchors: readonly AnchorInput[]): ResolvedAnchor[] {
  const y = yState(state);
  if (!y) return anchors.map((a) => ({ id: a.id, from: null, to: null, removed: false }));
  const abs = (b64: string | null): number | null => {
    if (!b64) return null;
    try {
      return relativePositionToAbsolutePosition(y.doc, y.type, Y.decodeRelativePosition(fromBase64(b64)), y.binding!.mapping as never);
    } catch {
      return null;
    }
  };
  const size = state.doc.content.size;
  return anchors.map((a) => {
    const from = abs(a.start);
    const to = abs(a.end);
    if (from === null || to === null) return { id: a.id, from: from ?? to, to: from ?? to, removed: true };
    const f = Math.max(0, Math.min(from, size));
    const t = Math.max(0, Math.min(to, size));
    return { id: a.id, from: f, to: t, removed: t <= f || !state.doc.textBetween(f, t, " ", " ").trim() };
  });
}

export const commentAnchorsKey = new PluginKey<DecorationSet>("commentAnchors");

interface Meta {
  anchors: readonly AnchorInput[];
  active: string | null;
  markerText: (n: number) => string;
}

function marker(n: number, active: boolean, text: string) {
  return () => {
    const el = document.createElement("sup");
    el.className = `comment-marker${active ? " comment-marker-active" : ""}`;
    el.contentEditable = "false";
    const shown = document.createElement("span");
    shown.setAttribute("aria-hidden", "true");
    shown.textContent = String(n);
    const spoken = document.createElement("span");
    spoken.className = "sr-only";
    spoken.textContent = text;
    el.append(shown, spoken);
    return el;
  };
}

function build(state: EditorState, meta: Meta): DecorationSet {
  const decos: Decoration[] = [];
  const resolved = resolveAnchors(state, meta.anchors);
  meta.anchors.forEach((a, i) => {
    const r = resolved[i];
    if (r.removed || r.from === null || r.to === null) return;
    const active = a.id === meta.active;
    decos.push(Decoration.inline(r.from, r.to, { class: active ? "comment-anchor comment-anchor-active" : "comment-anchor", "data-comment-id": a.id }, { commentId: a.id }));
    decos.push(Decoration.widget(r.to, marker(a.label, active, meta.markerText(a.label)), { side: 1, key: `m-${a.id}-${a.label}-${active ? 1 : 0}`, ignoreSelection: true }));
  });
  return DecorationSet.create(state.doc, decos);
}

/**
 * The plugin: its state is the decorations, rebuilt from the relative positions whenever the
 * document changes (a remote edit maps nothing locally: only the relative positions know) or the
 * page hands it new anchors (`setCommentAnchors`).
 */
export function commentAnchorsPlugin(onClickComment: (id: string) => void): Plugin<DecorationSet> {
  let meta: Meta = { anchors: [], active: null, markerText: String };
  return new Plugin<DecorationSet>({
    key: commentAnchorsKey,
    state: {
      init: () => DecorationSet.empty,
      apply(tr, old, _oldState, newState) {
        const next = tr.getMeta(commentAnchorsKey) as Meta | undefined;
        if (next) meta = next;
        if (!next && !tr.docChanged) return old;
        // A local edit maps the ranges (the Yjs side is written only after it); a remote one, or
        // new anchors, resolve the relative positions again (the binding is current then).
        if (!next && !tr.getMeta(ySyncPluginKey)) return old.map(tr.mapping, tr.doc);
        return meta.anchors.length ? build(newState, meta) : DecorationSet.empty;
      },
    },
    props: {
      decorations: (state) => commentAnchorsKey.getState(state),
      handleClick(view: EditorView, pos: number) {
        const found = commentAnchorsKey.getState(view.state)?.find(pos, pos, (spec) => typeof spec.commentId === "string");
        const id = found?.[0]?.spec.commentId as string | undefined;
        if (id) onClickComment(id);
        return false;
      },
    },
  });
}

/** Hands the plugin the anchors to show and which is active. */
export function setCommentAnchors(view: EditorView, meta: Meta): void {
  view.dispatch(view.state.tr.setMeta(commentAnchorsKey, meta).setMeta("addToHistory", false));
}
