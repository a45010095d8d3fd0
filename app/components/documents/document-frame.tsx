import type { ReactNode } from "react";
import { useT } from "../../lib/i18n/react";

/**
 * The editor page's layout, shared by the server-rendered reading view (before JavaScript) and
 * the live editor, so the page does not jump when the editor takes over.
 */
export function DocumentFrame(props: {
  status: ReactNode;
  people?: ReactNode;
  notice?: ReactNode;
  toolbar?: ReactNode;
  children: ReactNode;
  outline: { level: number; text: string; onSelect?: () => void }[];
  words: number;
  aside?: ReactNode;
}) {
  const t = useT();
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
      <div className="min-w-0">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-3" data-print="hide">
          {/* Not a live region: the editor announces what matters, once (LiveAnnouncer). */}
          <div>{props.status}</div>
          {props.people}
        </div>
        {props.notice}
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          {props.toolbar}
          <div className="px-5 py-6 sm:px-10 sm:py-8">{props.children}</div>
        </div>
      </div>
      <aside className="space-y-5">
        <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="outline-heading">
          <div className="flex items-baseline justify-between">
            <h2 id="outline-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">{t("editor.outline.heading")}</h2>
            <span className="text-xs text-slate-500" data-testid="word-count">{t("editor.outline.words", { count: props.words })}</span>
          </div>
          {props.outline.length ? (
            <ol className="mt-2 space-y-1 text-sm" data-testid="outline">
              {props.outline.map((h, i) => (
                <li key={i} style={{ paddingInlineStart: `${(h.level - 1) * 0.75}rem` }}>
                  {h.onSelect ? (
                    <button type="button" onClick={h.onSelect} className="w-full truncate rounded text-start text-slate-700 hover:text-brand-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600">
                      <bdi>{h.text}</bdi>
                    </button>
                  ) : (
                    <span className="block truncate text-slate-700"><bdi>{h.text}</bdi></span>
                  )}
                </li>
              ))}
            </ol>
          ) : (
            <p className="mt-2 text-sm text-slate-500">{t("editor.outline.empty")}</p>
          )}
        </section>
        {props.aside}
      </aside>
    </div>
  );
}

export type ConnectionState = "connecting" | "saved" | "saving" | "offline" | "closed" | "reading";

/** The always-visible status pill. */
export function StatusPill({ state, text }: { state: ConnectionState; text: string }) {
  const tone = {
    connecting: "bg-slate-100 text-slate-700 ring-slate-200",
    saved: "bg-green-50 text-green-800 ring-green-200",
    saving: "bg-brand-50 text-brand-800 ring-brand-100",
    offline: "bg-amber-50 text-amber-900 ring-amber-200",
    closed: "bg-red-50 text-red-800 ring-red-200",
    reading: "bg-slate-100 text-slate-700 ring-slate-200",
  }[state];
  const dot = { connecting: "bg-slate-400 animate-pulse", saved: "bg-green-500", saving: "bg-brand-600 animate-pulse", offline: "bg-amber-500", closed: "bg-red-500", reading: "bg-slate-400" }[state];
  return (
    <span className={`inline-flex items-center gap-2 rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset ${tone}`} data-testid="editor-status" data-state={state}>
      <span className={`h-2 w-2 rounded-full ${dot}`} aria-hidden="true" />
      {text}
    </span>
  );
}
