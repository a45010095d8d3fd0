import { getSchema, type JSONContent } from "@tiptap/core";
import { MarkdownManager } from "@tiptap/markdown";
import type { Node as PMNode } from "@tiptap/pm/model";
import { renderToHTMLString } from "@tiptap/static-renderer/pm/html-string";
import { prosemirrorToYXmlFragment, updateYFragment, yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import sanitizeHtml from "sanitize-html";
import * as Y from "yjs";
import { contentExtensions } from "../lib/editor-extensions";
import { withoutPendingSuggestions } from "../lib/suggestions/pending";
import { CONTENT_FIELD, yDocPlainText } from "../lib/ydoc-state";

/**
 * Turns a document's Yjs state into what people read without the editor: sanitised HTML (SSR,
 * published versions, export), Markdown (export) and plain text (search, word counts, diffs).
 * No DOM is needed: Tiptap's static renderer writes strings from the schema's renderHTML.
 */

const extensions = contentExtensions();
const schema = getSchema(extensions);
let markdown: MarkdownManager | undefined;

/**
 * The ProseMirror document held in a Y.Doc (nodes the schema does not know are dropped), read as
 * if every pending suggestion were rejected (docs/decisions/0027): what pages, exports, versions
 * and restores show. `yDocToNodeWithSuggestions` keeps them (counting them).
 */
export function yDocToNode(doc: Y.Doc): PMNode {
  return withoutPendingSuggestions(yDocToNodeWithSuggestions(doc));
}

export function yDocToNodeWithSuggestions(doc: Y.Doc): PMNode {
  return yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(CONTENT_FIELD), schema);
}

/** A Y.Doc from a stored Yjs update (a version's state). */
export function yDocFromState(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

// Belt and braces: the renderer escapes text and drops unsafe link protocols, but the Y.Doc comes
// from clients, so the HTML we store and serve also passes an allow-list.
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "strong", "em", "s", "u", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "colgroup", "col", "thead", "tbody", "tr", "th", "td",
  ],
  allowedAttributes: { a: ["href", "rel"], ol: ["start", "type"], th: ["colspan", "rowspan"], td: ["colspan", "rowspan"], pre: [], code: [] },
  allowedSchemes: ["http", "https", "mailto"],
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow" }) },
};

/** The content as sanitised HTML (a fragment, no <html> wrapper). */
export function renderHtml(node: PMNode): string {
  return sanitizeHtml(renderToHTMLString({ content: node, extensions }), SANITIZE);
}

const SAFE_HREF = /^(https?:|mailto:|\/|#)/i;

/** Drops link marks whose href is not http(s), mailto or relative (Markdown keeps hrefs verbatim). */
function withSafeLinks(json: JSONContent): JSONContent {
  const marks = json.marks?.filter((m) => m.type !== "link" || SAFE_HREF.test(String(m.attrs?.href ?? "")));
  return { ...json, ...(json.marks ? { marks } : {}), ...(json.content ? { content: json.content.map(withSafeLinks) } : {}) };
}

/** The content as Markdown (CommonMark with GFM tables). */
export function renderMarkdown(node: PMNode): string {
  markdown ??= new MarkdownManager({ extensions });
  return markdown.serialize(withSafeLinks(node.toJSON())).trim() + "\n";
}

/** Markdown (a stance's reason, a comment) as ProseMirror JSON blocks of the content schema; raw HTML stays text. */
export function markdownToBlocks(source: string): JSONContent[] {
  markdown ??= new MarkdownManager({ extensions });
  return markdown.parse(source).content ?? [];
}

/** Everything a reader needs from a Y.Doc at once. */
export function renderDoc(doc: Y.Doc): { html: string; plainText: string; node: PMNode } {
  const node = yDocToNode(doc);
  return { html: renderHtml(node), plainText: yDocPlainText(doc), node };
}

/** Headings (level, text) in order, for the outline shown before the editor loads. */
export function outlineOf(node: PMNode): { level: number; text: string }[] {
  const out: { level: number; text: string }[] = [];
  node.forEach((child) => {
    if (child.type.name === "heading" && child.textContent.trim()) out.push({ level: Number(child.attrs.level), text: child.textContent.trim() });
  });
  return out;
}

/** Words in a text, as the editor counts them. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/**
 * The Yjs update that turns `current`'s content into `target`'s, as a new edit on top of
 * `current`'s history (nothing is rewritten; connected clients merge it like anyone's typing).
 * `current` is modified.
 */
export function updateToContentOf(current: Y.Doc, target: PMNode): Uint8Array {
  const before = Y.encodeStateVector(current);
  const fragment = current.getXmlFragment(CONTENT_FIELD);
  current.transact(() => {
    updateYFragment(current, fragment, target, { mapping: new Map(), isOMark: new Map() });
  });
  return Y.encodeStateAsUpdate(current, before);
}

/** A Y.Doc holding the given ProseMirror JSON (tests, seeding). */
export function yDocFromJson(json: JSONContent): Y.Doc {
  const doc = new Y.Doc();
  prosemirrorToYXmlFragment(schema.nodeFromJSON(json), doc.getXmlFragment(CONTENT_FIELD));
  return doc;
}
