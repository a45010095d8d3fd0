import { describe, expect, it } from "vitest";
import { fts5Literal, likePattern } from "../../db/queries/search";
import { highlightAll, makeSnippet } from "../../app/lib/search-highlight";
import { readableStates, stateKey } from "../../app/lib/search-policy";
import { MAX_TERMS, parseSearchQuery } from "../../app/lib/search-query";

describe("parseSearchQuery", () => {
  it("reads words, quoted phrases and prefixes", () => {
    const q = parseSearchQuery('"open standards" stand* privacy');
    expect(q.terms).toEqual([
      { text: "open standards", phrase: true, prefix: false },
      { text: "stand", phrase: false, prefix: true },
      { text: "privacy", phrase: false, prefix: false },
    ]);
    expect(q.normalized).toBe('"open standards" stand* privacy');
  });

  it("treats an unbalanced quote as a phrase to the end", () => {
    expect(parseSearchQuery('"open standards').terms).toEqual([{ text: "open standards", phrase: true, prefix: false }]);
  });

  it.each(['"', "*", "()", "AND(", "NEAR(", "\u0000\u0007", "   ", "¿¡!?", '"" ""'])("makes %j safe", (raw) => {
    const q = parseSearchQuery(raw);
    for (const t of q.terms) {
      expect(t.text).not.toMatch(/^[^\p{L}\p{N}]|[^\p{L}\p{N}]$/u);
      expect(t.text).not.toMatch(/[\u0000-\u001f]/);
    }
  });

  it("keeps FTS operators as plain words", () => {
    expect(parseSearchQuery("NEAR(a b) AND( OR").terms.map((t) => t.text)).toEqual(["NEAR(a", "b", "AND", "OR"]);
  });

  it("caps the number of terms and the length of the input", () => {
    const many = parseSearchQuery(Array.from({ length: 20 }, (_, i) => `w${i}`).join(" "));
    expect(many.terms).toHaveLength(MAX_TERMS);
    expect(many.truncated).toBe(true);
    const long = parseSearchQuery("x".repeat(10_000));
    expect(long.truncated).toBe(true);
    expect(long.terms[0].text.length).toBeLessThanOrEqual(80);
  });

  it("keeps words of every script, including marks", () => {
    expect(parseSearchQuery("开放标准 المفتوحة стандарты niños éducation").terms.map((t) => t.text)).toEqual([
      "开放标准", "المفتوحة", "стандарты", "niños", "éducation",
    ]);
  });
});

describe("literals", () => {
  it("quotes FTS5 strings and escapes LIKE wildcards", () => {
    expect(fts5Literal('say "hi"')).toBe('"say ""hi"""');
    expect(likePattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });
});

describe("snippets", () => {
  it("marks matches regardless of case and accents, in the original text", () => {
    expect(highlightAll("Éducation pour TOUS", ["education", "tous"])).toEqual([
      { text: "Éducation", hit: true },
      { text: " pour ", hit: false },
      { text: "TOUS", hit: true },
    ]);
  });

  it("cuts a window around the first match", () => {
    const text = `${"lorem ipsum ".repeat(100)}the needle here ${"dolor sit ".repeat(100)}`;
    const s = makeSnippet(text, ["needle"], 120);
    expect(s.before).toBe(true);
    expect(s.after).toBe(true);
    expect(s.segments.find((g) => g.hit)?.text).toBe("needle");
    expect(s.segments.map((g) => g.text).join("").length).toBeLessThanOrEqual(130);
  });

  it("handles Chinese and text without matches", () => {
    expect(highlightAll("我们支持开放标准", ["标准"]).filter((g) => g.hit)).toEqual([{ text: "标准", hit: true }]);
    expect(makeSnippet("plain text", ["absent"]).segments).toEqual([{ text: "plain text", hit: false }]);
  });
});

describe("readableStates", () => {
  it("derives every kind's readable coalition states from the permission table", () => {
    const anon = readableStates({ signedIn: false });
    expect(anon.document).toEqual([]);
    expect(anon.output).toContain(stateKey("public", null, false));
    expect(anon.output).not.toContain(stateKey("private", null, false));
    const user = readableStates({ signedIn: true });
    expect(user.document).toEqual(expect.arrayContaining([stateKey("private", "observer", false), stateKey("public", "member", true)]));
    expect(user.document).not.toContain(stateKey("public", null, false));
    expect(user.post).toContain(stateKey("private", "observer", false));
    expect(user.post).not.toContain(stateKey("private", null, false));
  });
});
