import type { Editor } from "@tiptap/react";
import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState, type ReactNode } from "react";
import type { CommentsData, CommentThreadView } from "../../lib/comment-types";
import { useT } from "../../lib/i18n/react";
import { CommentCard, CommentForm, type CommentSend } from "./comment-card";
import { commentAnchorsPlugin, commentAnchorsKey, encodeRange, resolveAnchors, setCommentAnchors, type ResolvedAnchor } from "./comment-anchors.client";

/**
 * The comments of a draft beside its text (issue 23), loaded lazily by the editor. Comments come
 * over HTTP (`…/comments`, each request asking the policy) and are polled every POLL_MS while
 * the page is visible, at once when it regains focus and after each of one's own changes; a role
 * change reloads the page's data (the collaboration socket says so), which hands in `canComment`.
 *
 * Keyboard: Ctrl+Alt+M comments on the selected text; Alt+Shift+N and Alt+Shift+P go to the next
 * and previous open comment (its card takes the focus and its text is highlighted).
 */

const POLL_MS = 15_000;
const GAP = 8;

interface Props {
  editor: Editor;
  url: string;
  canComment: boolean;
  children: ReactNode;
}

function useComments(url: string) {
  const [data, setData] = useState<CommentsData | null>(null);
  const load = useCallback(async () => {
    try {
      const res = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (res.ok) setData((await res.json()) as CommentsData);
    } catch {
      // Offline: keep what is shown; the next poll tries again.
    }
  }, [url]);
  useEffect(() => {
    void load();
    const tick = setInterval(() => {
      if (document.visibilityState === "visible") void load();
    }, POLL_MS);
    const onFocus = () => void load();
    window.addEventListener("focus", onFocus);
    return () => {
      clearInterval(tick);
      window.removeEventListener("focus", onFocus);
    };
  }, [load]);
  return { data, load };
}

/** The selected range: the editor's selection, or (in a read-only view) the browser's. */
function selectedRange(editor: Editor): { from: number; to: number } | null {
  const { from, to } = editor.state.selection;
  if (to > from) return { from, to };
  const sel = window.getSelection();
  const view = editor.view;
  if (!sel || sel.isCollapsed || !sel.anchorNode || !sel.focusNode || !view.dom.contains(sel.anchorNode) || !view.dom.contains(sel.focusNode)) return null;
  try {
    const a = view.posAtDOM(sel.anchorNode, sel.anchorOffset);
    const b = view.posAtDOM(sel.focusNode, sel.focusOffset);
    return a === b ? null : { from: Math.min(a, b), to: Math.max(a, b) };
  } catch {
    return null;
  }
}

/** The open comments in the order of their anchors in the text (those whose text is gone last, then by age). */
function documentOrder(open: readonly CommentThreadView[], positions: readonly ResolvedAnchor[]): CommentThreadView[] {
  const at = new Map(positions.map((p) => [p.id, p]));
  const key = (id: string) => {
    const p = at.get(id);
    return p && !p.removed && p.from !== null ? p.from : Number.MAX_SAFE_INTEGER;
  };
  return [...open].sort((a, b) => key(a.id) - key(b.id) || a.createdAt.localeCompare(b.createdAt));
}

function samePositions(a: readonly ResolvedAnchor[], b: readonly ResolvedAnchor[]): boolean {
  return a.length === b.length && a.every((p, i) => p.id === b[i].id && p.from === b[i].from && p.to === b[i].to && p.removed === b[i].removed);
}

export default function CommentsPanel({ editor, url, canComment, children }: Props) {
  const t = useT();
  const { data, load } = useComments(url);
  const [active, setActive] = useState<string | null>(null);
  const [draft, setDraft] = useState<{ from: number; to: number; quote: string; start: string; end: string } | null>(null);
  const [notice, setNotice] = useState("");
  const [showResolved, setShowResolved] = useState(false);
  const [positions, setPositions] = useState<ResolvedAnchor[]>([]);
  const [tops, setTops] = useState<Record<string, number>>({});
  const rail = useRef<HTMLDivElement>(null);
  const cards = useRef(new Map<string, HTMLElement>());
  // Cards off screen are not laid out (comments.css: content-visibility); when one is, or grows
  // (a reply form opens), its height changes and the column is placed again. One ref callback per
  // card for its lifetime, so a render does not unobserve and observe every card again.
  const [, relayout] = useReducer((n: number) => n + 1, 0);
  const heights = useRef(new WeakMap<Element, number>());
  const resize = useMemo(
    () =>
      typeof ResizeObserver === "undefined"
        ? null
        : new ResizeObserver((entries) => {
            let moved = false;
            for (const e of entries) {
              const h = Math.round(e.borderBoxSize?.[0]?.blockSize ?? e.contentRect.height);
              if (heights.current.get(e.target) !== h) moved = true;
              heights.current.set(e.target, h);
            }
            if (moved) relayout();
          }),
    [],
  );
  useEffect(() => () => resize?.disconnect(), [resize]);
  const refs = useRef(new Map<string, (el: HTMLElement | null) => void>());
  const cardRef = (id: string) => {
    let ref = refs.current.get(id);
    if (!ref) {
      ref = (el) => {
        const old = cards.current.get(id);
        if (old && old !== el) resize?.unobserve(old);
        if (el) {
          cards.current.set(id, el);
          resize?.observe(el);
        } else {
          cards.current.delete(id);
          refs.current.delete(id);
        }
      };
      refs.current.set(id, ref);
    }
    return ref;
  };

  const comments = useMemo(() => data?.comments ?? [], [data]);
  const open = useMemo(() => comments.filter((c) => !c.resolvedAt), [comments]);
  const resolved = useMemo(() => comments.filter((c) => c.resolvedAt), [comments]);

  // The plugin, registered while the panel is mounted (the editor bundle does not carry it).
  const activate = useRef<(id: string) => void>(() => {});
  useEffect(() => {
    const plugin = commentAnchorsPlugin((id) => activate.current(id));
    editor.registerPlugin(plugin);
    return () => {
      if (!editor.isDestroyed) editor.unregisterPlugin(commentAnchorsKey);
    };
  }, [editor]);

  // Where each open comment is, in document order (the removed ones last), after every change.
  const byPlace = useMemo(() => documentOrder(open, positions), [open, positions]);
  // Keyed by the order itself, so an unchanged order keeps the same map (and the anchors' effect stays put).
  const order = byPlace.map((c) => c.id).join(",");
  const numbers = useMemo(() => new Map(order ? order.split(",").map((id, i) => [id, i + 1]) : []), [order]);

  // What the decorations were last given: the same anchors, numbers and active comment again send nothing.
  const sent = useRef("");
  useEffect(() => {
    const bare = open.map((c) => ({ id: c.id, start: c.anchorStart, end: c.anchorEnd, label: 0 }));
    // Only a real move is a new state: the anchors' own transaction must not start another round.
    const read = () => {
      const next = resolveAnchors(editor.state, bare);
      setPositions((prev) => (samePositions(prev, next) ? prev : next));
      return next;
    };
    // The numbers come from where the anchors are now, so the first decorations already carry the
    // numbers the cards will show (one transaction, not one with provisional numbers and another).
    const now = read();
    const labels = new Map(documentOrder(open, now).map((c, i) => [c.id, i + 1]));
    const anchors = bare.map((a) => ({ ...a, label: labels.get(a.id) ?? 0 }));
    const key = JSON.stringify([active, t("comments.marker", { number: 0 }), anchors.map((a) => [a.id, a.label, a.start, a.end])]);
    if (!editor.isDestroyed && key !== sent.current) {
      sent.current = key;
      setCommentAnchors(editor.view, { anchors, active, markerText: (n) => t("comments.marker", { number: n }) });
    }
    let frame = 0;
    const onUpdate = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(read);
    };
    editor.on("update", onUpdate);
    editor.on("transaction", onUpdate);
    return () => {
      cancelAnimationFrame(frame);
      editor.off("update", onUpdate);
      editor.off("transaction", onUpdate);
    };
  }, [editor, open, active, numbers, t]); // numbers: a new order (text moved) renumbers the markers

  // Each card beside its text: at its anchor's height, pushed down below the card above it. After
  // every render (cards change height as they are edited); it sets state only when a top moved.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(() => {
    const box = rail.current;
    if (!box || editor.isDestroyed) return;
    const base = box.getBoundingClientRect().top;
    const at = new Map(positions.map((p) => [p.id, p]));
    const next: Record<string, number> = {};
    let floor = draft ? (cards.current.get("draft")?.offsetHeight ?? 0) + GAP : 0;
    for (const c of byPlace) {
      const p = at.get(c.id);
      let want = floor;
      if (p && p.from !== null) {
        try {
          want = editor.view.coordsAtPos(Math.min(p.from, editor.state.doc.content.size)).top - base;
        } catch {
          // A position the view cannot measure yet: below the one above.
        }
      }
      const top = Math.max(want, floor);
      next[c.id] = Math.round(top);
      floor = top + (cards.current.get(c.id)?.offsetHeight ?? 120) + GAP;
    }
    setTops((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
  });

  const send: CommentSend = useCallback(
    async (fields) => {
      const body = new FormData();
      for (const [k, v] of Object.entries(fields)) body.set(k, v);
      try {
        const res = await fetch(url, { method: "POST", body, headers: { Accept: "application/json" }, credentials: "same-origin" });
        const answer = (await res.json().catch(() => null)) as { ok: boolean; message?: string; fieldErrors?: Record<string, string> } | null;
        await load();
        if (res.ok && answer?.ok) return null;
        return { message: answer?.message ?? t("comments.error.network"), fieldErrors: answer?.fieldErrors ?? {} };
      } catch {
        return { message: t("comments.error.network"), fieldErrors: {} };
      }
    },
    [url, load, t],
  );

  const focusCard = useCallback((id: string) => {
    setActive(id);
    requestAnimationFrame(() => {
      const el = cards.current.get(id);
      el?.querySelector<HTMLElement>("[data-testid=comment-focus]")?.focus({ preventScroll: true });
      el?.scrollIntoView({ block: "nearest", behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
    });
  }, []);
  activate.current = focusCard;

  // A link to a comment (a mention's notification: …#comment-id) opens the page on its card.
  const linked = useRef(false);
  useEffect(() => {
    if (linked.current || !data) return;
    linked.current = true;
    const id = window.location.hash.startsWith("#comment-") ? window.location.hash.slice("#comment-".length) : null;
    if (id && data.comments.some((c) => c.id === id)) {
      if (data.comments.find((c) => c.id === id)?.resolvedAt) setShowResolved(true);
      focusCard(id);
    }
  }, [data, focusCard]);

  const showText = useCallback(
    (id: string) => {
      setActive(id);
      const p = positions.find((x) => x.id === id);
      if (p && p.from !== null && !editor.isDestroyed) {
        const dom = editor.view.domAtPos(p.from).node;
        (dom instanceof HTMLElement ? dom : dom.parentElement)?.scrollIntoView({ block: "center", behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
      }
    },
    [positions, editor],
  );

  const startComment = useCallback(() => {
    if (!canComment) return;
    const range = selectedRange(editor);
    const anchor = range ? encodeRange(editor.state, range.from, range.to) : null;
    if (!range || !anchor) {
      setNotice(t("comments.select.first"));
      return;
    }
    setNotice("");
    setDraft({ ...range, quote: editor.state.doc.textBetween(range.from, range.to, " ", " ").slice(0, 500), ...anchor });
  }, [canComment, editor, t]);

  const step = useCallback(
    (dir: 1 | -1) => {
      if (!byPlace.length) return;
      const i = byPlace.findIndex((c) => c.id === active);
      const next = i < 0 ? (dir === 1 ? 0 : byPlace.length - 1) : (i + dir + byPlace.length) % byPlace.length;
      const id = byPlace[next].id;
      showText(id);
      focusCard(id);
    },
    [byPlace, active, showText, focusCard],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && (e.code === "KeyN" || e.code === "KeyP")) {
        e.preventDefault();
        step(e.code === "KeyN" ? 1 : -1);
      } else if (e.altKey && (e.ctrlKey || e.metaKey) && !e.shiftKey && e.code === "KeyM") {
        e.preventDefault();
        startComment();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [step, startComment]);

  const bar = "inline-flex items-center gap-1 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600 disabled:opacity-50";
  const at = new Map(positions.map((p) => [p.id, p]));
  const card = (c: CommentThreadView, positioned: boolean) => (
    <CommentCard
      key={c.id}
      c={c}
      number={positioned && !at.get(c.id)?.removed ? (numbers.get(c.id) ?? null) : null}
      removed={Boolean(at.get(c.id)?.removed)}
      active={active === c.id}
      canComment={canComment}
      send={send}
      onActivate={() => showText(c.id)}
      style={positioned ? { top: tops[c.id] ?? 0 } : undefined}
      cardRef={cardRef(c.id)}
    />
  );

  return (
    <div data-testid="comments-layer" data-comments-loaded={data ? "yes" : "no"}>
      <div className="comments-bar mb-4 flex flex-wrap items-center gap-2 border-b border-slate-100 pb-3" role="group" aria-label={t("comments.heading")} data-print="hide">
        <span className="me-auto text-sm font-medium text-slate-700" data-testid="comment-count" data-count={open.length}>
          {t("comments.toolbar.count", { count: open.length })}
        </span>
        {canComment ? (
          <button type="button" className={bar} onMouseDown={(e) => e.preventDefault()} onClick={startComment} aria-keyshortcuts="Control+Alt+M" data-testid="comment-new">
            {t("comments.toolbar.new")}
          </button>
        ) : null}
        <button type="button" className={bar} onClick={() => step(-1)} disabled={!byPlace.length} aria-keyshortcuts="Alt+Shift+P" data-testid="comment-previous">
          {t("comments.toolbar.previous")}
        </button>
        <button type="button" className={bar} onClick={() => step(1)} disabled={!byPlace.length} aria-keyshortcuts="Alt+Shift+N" data-testid="comment-next">
          {t("comments.toolbar.next")}
        </button>
      </div>
      <p className="sr-only" role="status">{notice}</p>
      {notice ? <p className="mb-3 text-sm text-amber-900" aria-hidden="true">{notice}</p> : null}
      <div className="comments-body">
        <div className="min-w-0">{children}</div>
        <section ref={rail} className="comments-rail" aria-labelledby="comments-heading" data-testid="comments-rail">
          <h2 id="comments-heading" className="sr-only">{t("comments.heading")}</h2>
          {draft ? (
            <div ref={(el) => (el ? cards.current.set("draft", el) : cards.current.delete("draft"))} className="mb-2 rounded-md border border-brand-600 bg-white p-3 shadow-sm" data-testid="comment-draft">
              <p className="mb-2 truncate border-s-2 border-slate-300 ps-2 text-xs italic text-slate-600" dir="auto">{draft.quote}</p>
              <CommentForm
                idBase="new-comment"
                label={t("comments.form.label")}
                submit={t("comments.form.post")}
                autoFocus
                onCancel={() => setDraft(null)}
                onSubmit={async (body) => {
                  const failed = await send({ intent: "create", body, anchor_start: draft.start, anchor_end: draft.end, quote: draft.quote });
                  if (!failed) setDraft(null);
                  return failed;
                }}
              />
            </div>
          ) : null}
          {byPlace.length ? (
            <ol className="comments-open" style={{ minHeight: Math.max(0, ...byPlace.map((c) => (tops[c.id] ?? 0) + (cards.current.get(c.id)?.offsetHeight ?? 0))) }} aria-label={t("comments.toolbar.count", { count: open.length })}>
              {byPlace.map((c) => card(c, true))}
            </ol>
          ) : !draft ? (
            <p className="text-sm text-slate-500" data-testid="comments-empty">{canComment ? t("comments.none") : t("comments.noneReadOnly")}</p>
          ) : null}
          {resolved.length ? (
            <div className="mt-4">
              <button type="button" className={bar} aria-expanded={showResolved} aria-controls="comments-resolved" onClick={() => setShowResolved((v) => !v)} data-testid="comments-show-resolved">
                {t("comments.resolved.toggle", { count: resolved.length })}
              </button>
              <ol id="comments-resolved" hidden={!showResolved} className="mt-2 space-y-2">
                {resolved.map((c) => card(c, false))}
              </ol>
            </div>
          ) : null}
        </section>
      </div>
    </div>
  );
}
