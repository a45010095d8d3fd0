import { describe, expect, it } from "vitest";
import { excerpt, mentionHandles, renderMarkdown, withHandles } from "../../app/lib/markdown.server";
import { executableMarkup, tagsOf, XSS_CORPUS } from "../helpers/xss-corpus";

const POST_TAGS = new Set(["p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li", "h3", "h4", "h5", "h6", "hr", "a", "table", "thead", "tbody", "tr", "th", "td"]);

describe("post Markdown rendering", () => {
  it.each(XSS_CORPUS.map((p) => [p]))("renders %j without executable markup", (payload) => {
    const { html } = renderMarkdown(payload);
    expect(executableMarkup(html, { allowedTags: POST_TAGS })).toEqual([]);
    for (const tag of tagsOf(html)) {
      for (const [name] of tag.attrs) expect(["href", "rel", "class", "title", "start"]).toContain(name);
      if (tag.name === "a") {
        const href = tag.attrs.find(([n]) => n === "href")?.[1] ?? "";
        expect(href).toMatch(/^(https?:\/\/|mailto:|\/(?!\/)|#|[^:]*$)/i);
        expect(tag.attrs.find(([n]) => n === "rel")?.[1]).toBe("nofollow ugc noopener");
      }
    }
  });

  it("keeps raw HTML visible as text and code as code", () => {
    expect(renderMarkdown("<b>hi</b>").html).toBe("<p>&lt;b&gt;hi&lt;/b&gt;</p>\n");
    expect(renderMarkdown("```\n</script>\n```").html).toContain("<pre><code>&lt;/script&gt;");
  });

  it("adds rel=nofollow ugc noopener to links and refuses protocol-relative ones", () => {
    expect(renderMarkdown("[a](https://example.org)").html).toContain('<a href="https://example.org" rel="nofollow ugc noopener">a</a>');
    expect(renderMarkdown("[a](//evil.example/x)").html).not.toContain('href="//');
  });

  it("links mentions of known members only, outside code and links", () => {
    const mentions = new Map([["ada.l", { userId: "u1", name: "Ada", handle: "ada_lovelace", href: "/coalitions/x/members#member-u1" }]]);
    const { html, mentioned } = renderMarkdown("Hi @Ada.L, not `@ada.l`, not [@ada.l](https://e.org), not ada.l@example.org, not @bob.", { mentions });
    expect(mentioned).toEqual(["u1"]);
    expect(html.match(/class="mention"/g)).toHaveLength(1);
    expect(html).toContain('<a href="/coalitions/x/members#member-u1" class="mention" title="Ada" rel="nofollow ugc noopener">@ada_lovelace</a>');
    expect(html).not.toContain("@Ada.L<");
    expect(mentionHandles("@Ada.L and mail ada@x.org and @bob.")).toEqual(["ada.l", "bob"]);
  });

  it("stores resolved email-part mentions as the handle, leaving handles and unknown names alone", () => {
    const ada = { userId: "u1", name: "Ada", handle: "ada_lovelace", href: "/m#member-u1" };
    const mentions = new Map([["ada.l", ada], ["ada_lovelace", ada]]);
    expect(withHandles("Hi @Ada.L and @ada_lovelace, not @bob, mail ada.l@example.org.", mentions)).toBe(
      "Hi @ada_lovelace and @ada_lovelace, not @bob, mail ada.l@example.org.",
    );
    expect(withHandles("@ada.l", new Map())).toBe("@ada.l");
  });

  it("makes plain one-line excerpts", () => {
    expect(excerpt("> **Quoted** text\n\nwith a [link](https://x.org)")).toBe("Quoted text with a link");
    expect(excerpt("x".repeat(300)).length).toBe(160);
  });
});
