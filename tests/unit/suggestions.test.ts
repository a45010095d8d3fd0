import { getSchema, type JSONContent } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { EditorState, TextSelection, type Transaction } from "@tiptap/pm/state";
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { contentExtensions } from "../../app/lib/editor-extensions";
import { decideSuggestions, listSuggestions } from "../../app/lib/suggestions/decide";
import { suggestTransaction, type SuggestionAuthor } from "../../app/lib/suggestions/track";
import { renderDoc, renderMarkdown, yDocFromJson, yDocToNode, yDocToNodeWithSuggestions } from "../../app/models/document-render.server";

const schema = getSchema(contentExtensions());
const ALICE: SuggestionAuthor = { id: "u-alice", name: "Alice" };
const BOB: SuggestionAuthor = { id: "u-bob", name: "Bob" };
let counter = 0;
const opts = (author: SuggestionAuthor) => ({ author, now: () => "2026-12-08T00:00:00.000Z", newId: () => `s${++counter}` });

const para = (text: string): JSONContent => ({ type: "paragraph", content: [{ type: "text", text }] });
const stateOf = (doc: PMNode | JSONContent) => EditorState.create({ schema, doc: "type" in doc && typeof doc.type !== "string" ? (doc as PMNode) : schema.nodeFromJSON(doc) });

/** Applies an edit in suggesting mode, as the editor's dispatch hook does. */
function suggest(state: EditorState, author: SuggestionAuthor, edit: (tr: Transaction) => void): EditorState {
  const tr = state.tr;
  edit(tr);
  return state.apply(suggestTransaction(state, tr, opts(author)));
}

/** The text with suggestions written inline: [+inserted+] and [-deleted-]. */
function marked(doc: PMNode): string {
  let out = "";
  doc.descendants((node) => {
    if (!node.isText) return;
    const ins = node.marks.some((m) => m.type.name === "suggestionInsert");
    const del = node.marks.some((m) => m.type.name === "suggestionDelete");
    out += ins ? `[+${node.text}+]` : del ? `[-${node.text}-]` : node.text;
  });
  return out;
}

const doc1 = { type: "doc", content: [para("The coalition agrees.")] };

describe("suggesting mode rewrites edits", () => {
  it("marks typed text as the author's insertion, joining consecutive keystrokes into one suggestion", () => {
    let state = stateOf(doc1);
    state = suggest(state, ALICE, (tr) => tr.insertText("n", 14));
    state = suggest(state, ALICE, (tr) => tr.insertText("ow", 15));
    expect(marked(state.doc)).toBe("The coalition[+now+] agrees.");
    const list = listSuggestions(state.doc);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ kind: "insert", authorId: "u-alice", authorName: "Alice", text: "now", time: "2026-12-08T00:00:00.000Z" });
  });

  it("keeps deleted text, struck through, and Backspace walks left over it", () => {
    let state = stateOf(doc1);
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 21)));
    state = suggest(state, BOB, (tr) => tr.delete(20, 21)); // Backspace over "s"
    expect(state.selection.from).toBe(20);
    state = suggest(state, BOB, (tr) => tr.delete(19, 20)); // and over "e"
    expect(marked(state.doc)).toBe("The coalition agre[-es-].");
    expect(state.doc.textContent).toBe("The coalition agrees.");
    expect(listSuggestions(state.doc)).toEqual([expect.objectContaining({ kind: "delete", authorId: "u-bob", text: "es" })]);
  });

  it("really removes one's own pending insertion, but only suggests removing someone else's", () => {
    let state = stateOf(doc1);
    state = suggest(state, ALICE, (tr) => tr.insertText("not ", 15));
    expect(marked(state.doc)).toBe("The coalition [+not +]agrees.");
    const bobs = suggest(state, BOB, (tr) => tr.delete(15, 19));
    expect(marked(bobs.doc)).toContain("[+not +]");
    expect(listSuggestions(bobs.doc).map((s) => s.kind).sort()).toEqual(["delete", "insert"]);
    const alices = suggest(state, ALICE, (tr) => tr.delete(15, 19));
    expect(marked(alices.doc)).toBe("The coalition agrees.");
    expect(listSuggestions(alices.doc)).toEqual([]);
  });

  it("typing over a selection suggests both the deletion and the insertion", () => {
    let state = stateOf(doc1);
    state = suggest(state, ALICE, (tr) => tr.insertText("disagrees", 15, 21));
    expect(marked(state.doc)).toBe("The coalition [-agrees-][+disagrees+].");
  });
});

describe("accepting and rejecting", () => {
  const withBoth = () => {
    let state = stateOf(doc1);
    state = suggest(state, ALICE, (tr) => tr.insertText("fully ", 15));
    state = suggest(state, BOB, (tr) => tr.delete(5, 14)); // "coalition"
    return state;
  };
  const decide = (state: EditorState, ids: ReadonlySet<string> | "all", accept: boolean) => state.apply(decideSuggestions(state, { ids, accept })!);

  it("accepts or rejects one suggestion at a time", () => {
    const state = withBoth();
    const [del, ins] = listSuggestions(state.doc);
    expect(marked(state.doc)).toBe("The [-coalition-] [+fully +]agrees.");
    expect(marked(decide(state, new Set([ins.id]), true).doc)).toBe("The [-coalition-] fully agrees.");
    expect(marked(decide(state, new Set([ins.id]), false).doc)).toBe("The [-coalition-] agrees.");
    expect(marked(decide(state, new Set([del.id]), true).doc)).toBe("The  [+fully +]agrees.");
    expect(marked(decide(state, new Set([del.id]), false).doc)).toBe("The coalition [+fully +]agrees.");
  });

  it("accepts or rejects all at once; a decision on nothing is no transaction", () => {
    const state = withBoth();
    expect(marked(decide(state, "all", true).doc)).toBe("The  fully agrees.");
    expect(marked(decide(state, "all", false).doc)).toBe("The coalition agrees.");
    expect(decideSuggestions(stateOf(doc1), { ids: "all", accept: true })).toBeNull();
  });
});

/** A client: a ProseMirror state kept in step with its own Y.Doc (what y-tiptap's binding does). */
class Client {
  ydoc = new Y.Doc();
  state: EditorState;
  constructor(seed: Uint8Array) {
    Y.applyUpdate(this.ydoc, seed);
    this.state = stateOf(this.read());
  }
  read(): PMNode {
    return yXmlFragmentToProseMirrorRootNode(this.ydoc.getXmlFragment("default"), schema);
  }
  edit(next: EditorState) {
    this.state = next;
    updateYFragment(this.ydoc, this.ydoc.getXmlFragment("default"), next.doc, { mapping: new Map(), isOMark: new Map() });
  }
  pull(from: Client) {
    Y.applyUpdate(this.ydoc, Y.encodeStateAsUpdate(from.ydoc, Y.encodeStateVector(this.ydoc)));
    this.state = stateOf(this.read());
  }
}

describe("suggestions through Yjs", () => {
  it("converge when two people suggest at once, and a decision reaches the other side", () => {
    const seed = Y.encodeStateAsUpdate(yDocFromJson(doc1));
    const a = new Client(seed);
    const b = new Client(seed);
    a.edit(suggest(a.state, ALICE, (tr) => tr.insertText("fully ", 15)));
    b.edit(suggest(b.state, BOB, (tr) => tr.delete(1, 5))); // "The "
    a.pull(b);
    b.pull(a);
    expect(marked(a.state.doc)).toBe("[-The -]coalition [+fully +]agrees.");
    expect(a.state.doc.toJSON()).toEqual(b.state.doc.toJSON());
    expect(listSuggestions(b.state.doc).map((s) => s.authorName).sort()).toEqual(["Alice", "Bob"]);

    const insertion = listSuggestions(b.state.doc).find((s) => s.kind === "insert")!;
    b.edit(b.state.apply(decideSuggestions(b.state, { ids: new Set([insertion.id]), accept: true })!));
    a.pull(b);
    expect(marked(a.state.doc)).toBe("[-The -]coalition fully agrees.");
  });

  it("the server reads the draft as if pending suggestions were rejected, and can still count them", () => {
    const seed = Y.encodeStateAsUpdate(yDocFromJson(doc1));
    const a = new Client(seed);
    a.edit(suggest(a.state, ALICE, (tr) => tr.insertText("never ", 15)));
    a.edit(suggest(a.state, ALICE, (tr) => tr.delete(1, 5)));
    expect(listSuggestions(yDocToNodeWithSuggestions(a.ydoc))).toHaveLength(2);
    expect(renderDoc(a.ydoc).html).toBe("<p>The coalition agrees.</p>");
    expect(renderMarkdown(yDocToNode(a.ydoc))).toBe("The coalition agrees.\n");
  });
});
