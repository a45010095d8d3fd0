import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { compareTexts } from "../../app/lib/word-diff";
import { renderDoc, renderMarkdown, updateToContentOf, yDocFromJson, yDocToNode } from "../../app/models/document-render.server";
import { fileNameFor, standaloneHtml, unicodeFileName } from "../../app/models/exports.server";

const p = (...content: JSONContent[]): JSONContent => ({ type: "paragraph", content });
const t = (text: string, marks?: JSONContent["marks"]): JSONContent => ({ type: "text", text, ...(marks ? { marks } : {}) });

describe("rendering a document without a DOM", () => {
  it("escapes text and drops unsafe links in HTML and Markdown", () => {
    const doc = yDocFromJson({
      type: "doc",
      content: [
        p(t("<img src=x onerror=alert(1)> & more")),
        p(t("bad", [{ type: "link", attrs: { href: "javascript:alert(1)" } }]), t(" good", [{ type: "link", attrs: { href: "https://www.intgovforum.org/" } }])),
      ],
    });
    const { html, plainText } = renderDoc(doc);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt; &amp; more");
    expect(html).not.toMatch(/<img|javascript:/i);
    expect(html).toContain('<a rel="noopener noreferrer nofollow">bad</a>');
    expect(html).toMatch(/<a (?=[^>]*href="https:\/\/www\.intgovforum\.org\/")(?=[^>]*rel="noopener noreferrer nofollow")[^>]*> good<\/a>/);
    const md = renderMarkdown(yDocToNode(doc));
    expect(md).not.toContain("javascript:");
    expect(md).toContain("(https://www.intgovforum.org/)");
    expect(plainText).toBe("<img src=x onerror=alert(1)> & more\nbad good");
  });

  it("writes headings, nested lists, quotes and tables as Markdown", () => {
    const doc = yDocFromJson({
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 2 }, content: [t("Scope")] },
        { type: "bulletList", content: [{ type: "listItem", content: [p(t("one")), { type: "bulletList", content: [{ type: "listItem", content: [p(t("nested"))] }] }] }] },
        { type: "blockquote", content: [p(t("quoted"))] },
        { type: "table", content: [{ type: "tableRow", content: [{ type: "tableHeader", content: [p(t("h"))] }] }, { type: "tableRow", content: [{ type: "tableCell", content: [p(t("c"))] }] }] },
      ],
    });
    const md = renderMarkdown(yDocToNode(doc));
    expect(md).toContain("## Scope");
    expect(md).toContain("- one\n  - nested");
    expect(md).toContain("> quoted");
    expect(md).toMatch(/\| h\s*\|\n\| -+ \|\n\| c\s*\|/);
  });
});

describe("restoring content as a new edit", () => {
  it("produces an update that makes another replica read like the target, keeping its history", () => {
    const current = yDocFromJson({ type: "doc", content: [p(t("draft text")), p(t("more"))] });
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(current));
    const target = yDocFromJson({ type: "doc", content: [{ type: "heading", attrs: { level: 1 }, content: [t("Version")] }, p(t("as published"))] });
    const before = Y.encodeStateVector(replica);
    const update = updateToContentOf(current, yDocToNode(target));
    Y.applyUpdate(replica, update);
    expect(renderDoc(replica).html).toBe(renderDoc(target).html);
    // The replica's old items are still known (deleted, not forgotten): the state only grew.
    for (const [client, clock] of Y.decodeStateVector(before)) expect(Y.decodeStateVector(Y.encodeStateVector(replica)).get(client)).toBeGreaterThanOrEqual(clock);
  });
});

describe("comparing texts and naming files", () => {
  it("counts added and removed words", () => {
    const r = compareTexts("We promote open standards.", "We promote open and interoperable standards.");
    expect(r.added).toBe(2);
    expect(r.removed).toBe(0);
    expect(r.parts.map((x) => x.kind)).toEqual(["same", "added", "same"]);
  });

  it("makes safe file names and escapes the standalone page's title", () => {
    expect(fileNameFor('Charter: "2nd" édition / draft', "-v2", "md")).toBe("charter-2nd-edition-draft-v2.md");
    expect(fileNameFor("<>", "", "html")).toBe("document.html");
    // No spaces in either name: the ASCII one nor the one kept in the title's own script.
    for (const title of ["Charter  of the\tcoalition", "Déclaration sur / le spam", "互联网 治理 论坛", "  spaced  "]) {
      for (const ext of ["md", "html", "docx"] as const) {
        expect(fileNameFor(title, "-v2", ext)).not.toMatch(/\s/);
        expect(unicodeFileName(title, "-v2", ext)).not.toMatch(/\s/);
      }
    }
    expect(unicodeFileName("Déclaration sur / le spam", "-v2", "md")).toBe("Déclaration-sur-le-spam-v2.md");
    expect(standaloneHtml({ title: "<script>x</script>", lines: ["a & b"], bodyHtml: "<p>ok</p>" })).toContain("<title>&lt;script&gt;x&lt;/script&gt;</title>");
  });
});
