import { Mark, mergeAttributes } from "@tiptap/core";
import { formatTime } from "../format-time";
import { t } from "../i18n/messages";

/**
 * The two marks of a suggestion (issue 23, track changes; docs/decisions/0027): text someone
 * proposes to add (`suggestionInsert`, an underlined <ins>) and text someone proposes to remove
 * (`suggestionDelete`, a struck-through <del>), each with the suggestion's id, its author and when
 * it was made. They live in the shared schema, so they travel through Yjs like any formatting and
 * the server reads them (it renders the text as if every pending suggestion were rejected:
 * app/lib/suggestions/pending.ts). Neither spreads to text typed next to it.
 */

export const INSERT_MARK = "suggestionInsert";
export const DELETE_MARK = "suggestionDelete";

export interface SuggestionAttrs {
  id: string;
  authorId: string;
  authorName: string;
  time: string;
}

const attribute = (name: string, dataName: string) => ({
  default: "",
  parseHTML: (el: HTMLElement) => el.getAttribute(dataName) ?? "",
  renderHTML: (attrs: Record<string, unknown>) => ({ [dataName]: String(attrs[name] ?? "") }),
});

function suggestionMark(name: string, tag: "ins" | "del", kind: "insert" | "delete") {
  return Mark.create({
    name,
    inclusive: false,
    // Never split by the editor's paste of another document: a suggestion is kept as written.
    spanning: true,
    addAttributes() {
      return {
        id: attribute("id", "data-suggestion-id"),
        authorId: attribute("authorId", "data-author-id"),
        authorName: attribute("authorName", "data-author"),
        time: attribute("time", "data-time"),
      };
    },
    parseHTML() {
      return [{ tag: `${tag}[data-suggestion-id]` }];
    },
    renderHTML({ HTMLAttributes, mark }) {
      // The title names who suggested it and when (the list beside the text says it to screen
      // readers too); <ins>/<del> carry the kind, underline and strike-through show it.
      const values = { name: String(mark.attrs.authorName || "?"), time: mark.attrs.time ? formatTime(String(mark.attrs.time)) : "" };
      const title = kind === "insert" ? t("suggestions.mark.insert", values) : t("suggestions.mark.delete", values);
      return [tag, mergeAttributes(HTMLAttributes, { class: `suggestion suggestion-${kind}`, title }), 0];
    },
  });
}

export const SuggestionInsert = suggestionMark(INSERT_MARK, "ins", "insert");
export const SuggestionDelete = suggestionMark(DELETE_MARK, "del", "delete");
