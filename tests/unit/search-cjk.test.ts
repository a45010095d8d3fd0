import { describe, expect, it } from "vitest";
import { cjkGrams, cjkMatchQuery, isShortCjk } from "../../db/queries/search-cjk";

describe("CJK bigrams", () => {
  it("cuts each run into overlapping bigrams plus its last character", () => {
    expect(cjkGrams("我们支持开放标准。")).toBe("我们 们支 支持 持开 开放 放标 标准 准");
    expect(cjkGrams("标 open 标准, 日本語とカタカナ")).toBe("标 标准 准 日本 本語 語と とカ カタ タカ カナ ナ");
    expect(cjkGrams("only latin, кириллица, العربية")).toBe("");
  });

  it("answers only 1–2 character CJK terms", () => {
    expect(isShortCjk("标准")).toBe(true);
    expect(isShortCjk("标")).toBe(true);
    expect(isShortCjk("开放标准")).toBe(false);
    expect(isShortCjk("EU")).toBe(false);
    expect(isShortCjk("5标")).toBe(false);
  });

  it("quotes every term as an FTS5 string", () => {
    expect(cjkMatchQuery(["标准", "开"])).toBe('"标准" AND "开" *');
  });
});
