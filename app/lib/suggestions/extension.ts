import { Extension } from "@tiptap/core";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { decideSuggestions, type Decision } from "./decide";
import { suggestTransaction, type SuggestionAuthor } from "./track";

/**
 * The editor's side of suggestions (issue 23): a mode ("editing" or "suggesting") kept in the
 * extension's storage, and, in suggesting mode, every local edit rewritten by
 * `suggestTransaction` before it is applied. Edits arriving from other people through Yjs (and
 * undo, which Yjs replays) are already what their authors made, so they pass untouched.
 */

export type SuggestionMode = "editing" | "suggesting";

export interface SuggestionsOptions {
  author: SuggestionAuthor | null;
}

export interface SuggestionsStorage {
  mode: SuggestionMode;
}

declare module "@tiptap/core" {
  interface Storage {
    suggestions: SuggestionsStorage;
  }
  interface Commands<ReturnType> {
    suggestions: {
      setSuggestionMode: (mode: SuggestionMode) => ReturnType;
      decideSuggestions: (decision: Decision) => ReturnType;
    };
  }
}

export const Suggestions = Extension.create<SuggestionsOptions, SuggestionsStorage>({
  name: "suggestions",
  addOptions() {
    return { author: null };
  },
  addStorage() {
    return { mode: "editing" };
  },
  addCommands() {
    return {
      setSuggestionMode:
        (mode) =>
        ({ editor, tr, dispatch }) => {
          if (dispatch) {
            editor.storage.suggestions.mode = mode;
            // A transaction (with no change), so the switch and anything reading the mode update.
            tr.setMeta("suggestions$mode", mode);
          }
          return true;
        },
      decideSuggestions:
        (decision) =>
        ({ state, dispatch }) => {
          const tr = decideSuggestions(state, decision);
          if (!tr) return false;
          dispatch?.(tr);
          return true;
        },
    };
  },
  dispatchTransaction({ transaction, next }) {
    const author = this.options.author;
    if (this.storage.mode !== "suggesting" || !author || !transaction.docChanged || transaction.getMeta(ySyncPluginKey)) {
      next(transaction);
      return;
    }
    next(suggestTransaction(this.editor.state, transaction, { author }));
  },
});
