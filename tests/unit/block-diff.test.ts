import { describe, expect, it } from "vitest";
import type { JSONContent } from "@tiptap/core";
import { blocksOf, compareBlocks, describeBlock } from "../../app/lib/block-diff";

const text = (t: string): JSONContent => ({ type: "text", text: t });
const p = (t: string): JSONContent => ({ type: "paragraph", content: [text(t)] });
const h = (level: number, t: string): JSONContent => ({ type: "heading", attrs: { level }, content: [text(t)] });
const ul = (...items: string[]): JSONContent => ({ type: "bulletList", content: items.map((i) => ({ type: "listItem", content: [p(i)] })) });
const table = (...rows: string[][]): JSONContent => ({
  type: "table",
  content: rows.map((cells, r) => ({ type: "tableRow", content: cells.map((c) => ({ type: r === 0 ? "tableHeader" : "tableCell", content: [p(c)] })) })),
});
const doc = (...content: JSONContent[]): JSONContent => ({ type: "doc", content });

const changed = (older: JSONContent, newer: JSONContent) => compareBlocks(older, newer).blocks.filter((b) => b.change !== "same");
const partsText = (parts: { kind: string; text: string }[], kind: string) => parts.filter((x) => x.kind === kind).map((x) => x.text.trim()).join(" ");

describe("block-by-block comparison", () => {
  it("reads headings, list items and table cells as blocks that say what they are", () => {
    const blocks = blocksOf(doc(h(2, "Scope"), ul("one", "two"), table(["Name", "Role"], ["Ada", "Chair"])));
    expect(blocks.map((b) => describeBlock(b.kind))).toEqual([
      "Heading 2",
      "List item",
      "List item",
      "Table header cell, row 1, column 1",
      "Table header cell, row 1, column 2",
      "Table cell, row 2, column 1",
      "Table cell, row 2, column 2",
    ]);
    expect(blocks.map((b) => b.text)).toEqual(["Scope", "one", "two", "Name", "Role", "Ada", "Chair"]);
  });

  it("compares an edited heading as that heading, word by word", () => {
    const out = changed(doc(h(1, "Draft statement"), p("Body.")), doc(h(1, "Final statement"), p("Body.")));
    expect(out).toHaveLength(1);
    expect(out[0].change).toBe("changed");
    expect(out[0].kind).toEqual({ type: "heading", level: 1 });
    expect(partsText(out[0].parts, "removed")).toBe("Draft");
    expect(partsText(out[0].parts, "added")).toBe("Final");
  });

  it("shows an inserted list item as one added list item, its neighbours unchanged", () => {
    const r = compareBlocks(doc(ul("Open standards", "Interoperability")), doc(ul("Open standards", "Privacy by design", "Interoperability")));
    expect(r.blocks.map((b) => b.change)).toEqual(["same", "added", "same"]);
    expect(r.blocks[1].kind.type).toBe("list-item");
    expect(partsText(r.blocks[1].parts, "added")).toBe("Privacy by design");
    expect(r.added).toBe(3);
    expect(r.removed).toBe(0);
  });

  it("keeps table cells apart: a changed cell is that cell, not text run across the row", () => {
    const older = doc(table(["Name", "Role"], ["Ada", "Chair"], ["Grace", "Member"]));
    const newer = doc(table(["Name", "Role"], ["Ada", "Co-chair"], ["Grace", "Member"]));
    const out = changed(older, newer);
    expect(out).toHaveLength(1);
    expect(out[0].change).toBe("changed");
    expect(out[0].kind).toEqual({ type: "table-cell", row: 2, column: 2, header: false });
    expect(partsText(out[0].parts, "removed")).toBe("Chair");
    expect(partsText(out[0].parts, "added")).toBe("Co-chair");
  });

  it("does not merge a paragraph turned into a heading: one block removed, one added", () => {
    const out = changed(doc(p("Principles")), doc(h(2, "Principles")));
    expect(out.map((b) => [b.change, b.kind.type])).toEqual([
      ["removed", "paragraph"],
      ["added", "heading"],
    ]);
  });

  it("reports no change for identical documents", () => {
    const d = doc(h(1, "Same"), ul("a"), table(["x"]));
    const r = compareBlocks(d, d);
    expect(r.added + r.removed).toBe(0);
    expect(r.blocks.every((b) => b.change === "same")).toBe(true);
  });
});
