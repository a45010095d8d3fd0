import type { JSONContent } from "@tiptap/core";
import * as Y from "yjs";
import { getDb } from "../../db/client";
import { appendUpdates } from "../../db/queries/document-state";
import { yDocFromJson } from "../../app/models/document-render.server";

/** ProseMirror JSON of a document with a heading and paragraphs. */
export function docJson(heading: string, ...paragraphs: string[]): JSONContent {
  return {
    type: "doc",
    content: [
      { type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: heading }] },
      ...paragraphs.map((t) => ({ type: "paragraph", content: [{ type: "text", text: t }] })),
    ],
  };
}

/** Stores content into a (new, empty) document's update log, as if someone had typed it. */
export async function writeContent(documentId: string, json: JSONContent, userId: string | null = null): Promise<void> {
  const doc = yDocFromJson(json);
  await appendUpdates(getDb(), [{ documentId, data: Y.encodeStateAsUpdate(doc), userId }]);
  doc.destroy();
}
