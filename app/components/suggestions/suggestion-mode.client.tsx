import { useEditorState, type Editor } from "@tiptap/react";
import { useId } from "react";
import { useT } from "../../lib/i18n/react";
import type { SuggestionMode } from "../../lib/suggestions/extension";

/**
 * "Editing" / "Suggesting" above the formatting toolbar (issue 23): two toggle buttons in a group
 * (not a second toolbar), each saying whether it is on; the help sentence describes the group.
 */
export function SuggestionModeSwitch({ editor }: { editor: Editor }) {
  const t = useT();
  const id = useId();
  const mode = useEditorState({ editor, selector: ({ editor: e }) => e.storage.suggestions?.mode ?? "editing" });
  const choices: { value: SuggestionMode; label: string }[] = [
    { value: "editing", label: t("suggestions.mode.editing") },
    { value: "suggesting", label: t("suggestions.mode.suggesting") },
  ];
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-slate-50 px-2 py-1.5 text-sm" data-print="hide">
      <span id={`${id}-label`} className="text-slate-600">
        {t("suggestions.mode.label")}
      </span>
      <div role="group" aria-labelledby={`${id}-label`} aria-describedby={`${id}-help`} className="inline-flex rounded-md border border-slate-300" data-testid="suggestion-mode">
        {choices.map((c) => (
          <button
            key={c.value}
            type="button"
            aria-pressed={mode === c.value}
            onClick={() => editor.chain().setSuggestionMode(c.value).focus().run()}
            className={`px-3 py-1 font-medium first:rounded-s-md last:rounded-e-md focus-visible:relative ${mode === c.value ? "bg-brand-700 text-white" : "bg-white text-slate-700 hover:bg-slate-100"}`}
          >
            {c.label}
          </button>
        ))}
      </div>
      <span id={`${id}-help`} className="sr-only">
        {t("suggestions.mode.help")}
      </span>
    </div>
  );
}
