import type { Extensions } from "@tiptap/core";
import { TableKit } from "@tiptap/extension-table";
import StarterKit from "@tiptap/starter-kit";
import { SuggestionDelete, SuggestionInsert } from "./suggestions/marks";

/**
 * The document schema's extensions, shared by the browser editor and the server (SSR, export,
 * publishing, restore): both must agree on node and mark names or content is lost in between.
 * The browser adds Collaboration and CollaborationCaret on top; undo/redo comes from
 * Collaboration (y-tiptap's yUndoPlugin, which only undoes this client's own edits), so
 * StarterKit's own history is off.
 */
export function contentExtensions(options: { editable?: boolean } = {}): Extensions {
  return [
    StarterKit.configure({
      undoRedo: false,
      link: {
        openOnClick: !options.editable,
        autolink: true,
        defaultProtocol: "https",
        HTMLAttributes: { rel: "noopener noreferrer nofollow", target: null },
      },
    }),
    TableKit.configure({ table: { resizable: false } }),
    // Suggestions (issue 23): in the schema everywhere, so Yjs, the server and exports keep them.
    SuggestionInsert,
    SuggestionDelete,
  ];
}
