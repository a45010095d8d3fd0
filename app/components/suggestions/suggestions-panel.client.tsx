import type { Node as PMNode } from "@tiptap/pm/model";
import { useEditorState, type Editor } from "@tiptap/react";
import { useState } from "react";
import { formatTime } from "../../lib/format-time";
import { useT } from "../../lib/i18n/react";
import { listSuggestions, type Suggestion } from "../../lib/suggestions/decide";

/**
 * The draft's pending suggestions beside the text (issue 23): how many, each one in words (who,
 * what, when) with "Show in the text", and, for people who may edit, Accept and Reject for each
 * and for all. A decision is first recorded by the server (policy and audit log); only then does
 * the editor apply it, as an ordinary edit every open editor receives.
 */

const sameList = (a: Suggestion[], b: Suggestion[] | null) => !!b && a.length === b.length && a.every((s, i) => s.id === b[i].id && s.kind === b[i].kind && s.text === b[i].text && s.from === b[i].from);

/**
 * The list of a document, read once per document: the selector runs at every transaction, and
 * those that only move the selection or the decorations keep the same (immutable) document.
 */
const listed = new WeakMap<PMNode, Suggestion[]>();
function suggestionsOf(doc: PMNode): Suggestion[] {
  let list = listed.get(doc);
  if (!list) listed.set(doc, (list = listSuggestions(doc)));
  return list;
}

/** A sign before each entry, for the eyes (the sentence says the kind in words). */
const SIGN = { insert: "+", delete: "\u2212" } as const;

const BUTTON = "rounded border px-2 py-1 text-xs font-medium focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-600 disabled:opacity-50";

export function SuggestionsPanel({ editor, url, canDecide }: { editor: Editor; url: string; canDecide: boolean }) {
  const t = useT();
  const suggestions = useEditorState({ editor, selector: ({ editor: e }) => suggestionsOf(e.state.doc), equalityFn: sameList }) ?? [];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");

  const decide = async (ids: string[], accept: boolean) => {
    if (busy || !ids.length) return;
    setBusy(true);
    setError(null);
    const body = new URLSearchParams({ decision: accept ? "accept" : "reject" });
    for (const id of ids) body.append("id", id);
    try {
      const res = await fetch(url, { method: "POST", body, headers: { Accept: "application/json" }, credentials: "same-origin" });
      const json = (await res.json().catch(() => ({ ok: false, message: t("suggestions.error.invalid") }))) as { ok: boolean; decided?: string[]; message?: string };
      if (!json.ok || !json.decided) {
        setError(json.message ?? t("suggestions.error.invalid"));
        return;
      }
      editor.commands.decideSuggestions({ ids: new Set(json.decided), accept });
      setStatus(t(accept ? "suggestions.status.accepted" : "suggestions.status.rejected", { count: json.decided.length }));
    } catch {
      setError(t("suggestions.error.offline"));
    } finally {
      setBusy(false);
    }
  };

  const show = (s: Suggestion) => {
    const end = Math.min(s.from + s.text.length, editor.state.doc.content.size);
    editor.chain().setTextSelection({ from: s.from, to: end }).scrollIntoView().focus().run();
  };

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="suggestions-heading" data-testid="suggestions-panel">
      <h2 id="suggestions-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
        {t("suggestions.panel.heading")}
      </h2>
      <p className="mt-1 text-sm text-slate-700" data-testid="suggestions-count">
        {t("suggestions.panel.count", { count: suggestions.length })}
      </p>
      {canDecide && suggestions.length > 1 ? (
        <div role="group" aria-label={t("suggestions.actions.label")} className="mt-2 flex flex-wrap gap-2">
          <button type="button" className={`${BUTTON} border-brand-700 bg-brand-700 text-white`} disabled={busy} onClick={() => void decide(suggestions.map((s) => s.id), true)}>
            {t("suggestions.acceptAll")}
          </button>
          <button type="button" className={`${BUTTON} border-slate-300 bg-white text-slate-800`} disabled={busy} onClick={() => void decide(suggestions.map((s) => s.id), false)}>
            {t("suggestions.rejectAll")}
          </button>
        </div>
      ) : null}
      {suggestions.length ? (
        <ol className="mt-3 max-h-96 space-y-3 overflow-y-auto text-sm" data-testid="suggestions-list">
          {suggestions.map((s) => {
            const summaryId = `suggestion-${s.kind}-${s.id}`;
            return (
              <li key={`${s.kind}:${s.id}`} className="border-t border-slate-100 pt-2" data-testid="suggestion-item" data-kind={s.kind}>
                <p id={summaryId} className="text-slate-800">
                  <span aria-hidden="true" className="me-1 font-mono">{SIGN[s.kind]}</span>
                  {t("suggestions.item.summary", { kind: s.kind, name: s.authorName || "?", text: s.text, time: s.time ? formatTime(s.time) : "" })}
                </p>
                <div role="group" aria-label={t("suggestions.item.actions")} aria-describedby={summaryId} className="mt-1 flex flex-wrap gap-2">
                  <button type="button" className={`${BUTTON} border-slate-300 bg-white text-slate-700`} onClick={() => show(s)}>
                    {t("suggestions.item.show")}
                  </button>
                  {canDecide ? (
                    <>
                      <button type="button" className={`${BUTTON} border-brand-700 bg-brand-700 text-white`} disabled={busy} aria-describedby={summaryId} onClick={() => void decide([s.id], true)} data-testid="suggestion-accept">
                        {t("suggestions.accept")}
                      </button>
                      <button type="button" className={`${BUTTON} border-slate-300 bg-white text-slate-800`} disabled={busy} aria-describedby={summaryId} onClick={() => void decide([s.id], false)} data-testid="suggestion-reject">
                        {t("suggestions.reject")}
                      </button>
                    </>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ol>
      ) : null}
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <p className="sr-only" role="status" data-testid="suggestions-status">
        {status}
      </p>
    </section>
  );
}
