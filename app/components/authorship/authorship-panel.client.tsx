import type { Editor } from "@tiptap/react";
import { useCallback, useEffect, useRef, useState } from "react";
import type { DraftAuthor } from "../../lib/contributions";
import { useT } from "../../lib/i18n/react";
import { setAuthorColours, swatchAt, type ColourMode, type Swatch } from "./author-colours";
import { swatchesFor } from "./swatches";

const REFRESH_MS = 10_000;

function Sample({ swatch }: { swatch: Swatch }) {
  const t = useT();
  return (
    <span
      aria-hidden="true"
      className="inline-block rounded px-1 font-semibold"
      style={{
        backgroundColor: swatch.background ?? undefined,
        textDecorationLine: "underline",
        textDecorationColor: swatch.line,
        textDecorationStyle: swatch.lineStyle,
        textDecorationThickness: "2px",
        textUnderlineOffset: "3px",
      }}
    >
      {t("authorship.colours.sample")}
    </span>
  );
}

/**
 * "Colour by author / by stakeholder group" beside the draft (issue 23): the choice, a high-contrast
 * palette, the legend, and who wrote the text at the cursor (read out politely), so the colours are
 * never the only way to know.
 */
export function AuthorshipPanel({ editor, authorsUrl }: { editor: Editor; authorsUrl: string }) {
  const t = useT();
  const [mode, setMode] = useState<ColourMode>("off");
  const [highContrast, setHighContrast] = useState(false);
  const [authors, setAuthors] = useState<DraftAuthor[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [atCursor, setAtCursor] = useState<string | null>(null);
  const fetchedAt = useRef(0);

  const load = useCallback(async () => {
    fetchedAt.current = Date.now();
    try {
      const res = await fetch(authorsUrl, { headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(String(res.status));
      const body = (await res.json()) as { authors: DraftAuthor[] };
      setAuthors(body.authors);
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, [authorsUrl]);

  useEffect(() => {
    if (mode !== "off") void load();
  }, [mode, load]);

  const { legend, byClient } = swatchesFor(authors ?? [], mode, highContrast);
  useEffect(() => {
    if (editor.isDestroyed) return;
    setAuthorColours(editor.view, authors ? mode : "off", byClient);
    // byClient is derived from these three.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editor, mode, highContrast, authors]);

  useEffect(() => {
    if (mode === "off") return setAtCursor(null);
    const read = () => {
      const s = swatchAt(editor.state, editor.state.selection.from);
      setAtCursor(s ? s.name : null);
    };
    // Someone new may have typed: ask again now and then while colours are on.
    const changed = () => {
      if (Date.now() - fetchedAt.current > REFRESH_MS) void load();
    };
    read();
    editor.on("transaction", read);
    editor.on("update", changed);
    return () => {
      editor.off("transaction", read);
      editor.off("update", changed);
    };
  }, [editor, mode, load]);

  const choices: { value: ColourMode; label: string }[] = [
    { value: "off", label: t("authorship.colours.off") },
    { value: "person", label: t("authorship.colours.person") },
    { value: "group", label: t("authorship.colours.group") },
  ];
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="authorship-heading" data-testid="authorship-panel">
      <h2 id="authorship-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
        {t("authorship.colours.heading")}
      </h2>
      <fieldset className="mt-2">
        <legend className="sr-only">{t("authorship.colours.legend")}</legend>
        <div className="space-y-1">
          {choices.map((c) => (
            <label key={c.value} className="flex items-center gap-2 text-sm">
              <input type="radio" name="author-colours" value={c.value} checked={mode === c.value} onChange={() => setMode(c.value)} className="h-4 w-4" />
              {c.label}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="mt-2 flex items-center gap-2 text-sm">
        <input type="checkbox" checked={highContrast} onChange={(e) => setHighContrast(e.target.checked)} className="h-4 w-4" disabled={mode === "off"} />
        {t("authorship.colours.highContrast")}
      </label>
      {mode !== "off" ? (
        <>
          {failed ? <p className="mt-2 text-sm text-red-800" role="alert">{t("authorship.colours.failed")}</p> : null}
          {legend.length ? (
            <ul className="mt-3 space-y-1 text-sm" aria-label={t("authorship.colours.key")} data-testid="authorship-legend">
              {legend.map((s) => (
                <li key={s.key} className="flex items-center gap-2">
                  <Sample swatch={s} />
                  <span dir="auto">{s.name}</span>
                </li>
              ))}
            </ul>
          ) : authors ? (
            <p className="mt-2 text-sm text-slate-600">{t("authorship.colours.nobody")}</p>
          ) : null}
          <p className="mt-3 text-sm text-slate-700" aria-live="polite" data-testid="authorship-at-cursor">
            {atCursor ? t("authorship.colours.atCursor", { name: atCursor }) : t("authorship.colours.atCursorNone")}
          </p>
        </>
      ) : null}
    </section>
  );
}
