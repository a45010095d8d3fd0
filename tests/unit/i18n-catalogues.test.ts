import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALE_TAGS, LOCALES, type Locale } from "../../common/locales";

// Issue 21: CI fails on a missing key in any language. Every catalogue has exactly English's ids,
// every message parses as ICU MessageFormat with English's placeholders, and every plural gives
// each form its language has (Arabic six, Russian four…). `_review` lists ids whose translation
// a native speaker should check; it may only name ids that exist.

const dir = join(__dirname, "../../app/locales");
const load = (locale: Locale): Record<string, unknown> => JSON.parse(readFileSync(join(dir, `${locale}.json`), "utf8"));
const catalogues = Object.fromEntries(LOCALES.map((l) => [l, load(l)])) as Record<Locale, Record<string, unknown>>;
const messagesOf = (l: Locale) => Object.entries(catalogues[l]).filter(([k]) => k !== "_review") as [string, string][];
const english = new Map(messagesOf("en"));

/** Every argument a message uses (nested inside plurals, selects and tags too). */
export function argumentsOf(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    if (el.type === TYPE.tag) {
      out.add(`<${el.value}>`);
      argumentsOf(el.children, out);
      continue;
    }
    out.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select) for (const option of Object.values(el.options)) argumentsOf(option.value, out);
  }
  return out;
}

/** Plural elements whose options miss a form the language needs. */
export function missingPluralForms(elements: MessageFormatElement[], locale: Locale): string[] {
  const missing: string[] = [];
  const visit = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.plural) {
        const forms = new Intl.PluralRules(LOCALE_TAGS[locale], { type: el.pluralType }).resolvedOptions().pluralCategories;
        for (const form of forms) if (!(form in el.options)) missing.push(`${el.value}: ${form}`);
      }
      if (el.type === TYPE.plural || el.type === TYPE.select) for (const o of Object.values(el.options)) visit(o.value);
      if (el.type === TYPE.tag) visit(el.children);
    }
  };
  visit(elements);
  return missing;
}

describe("the message catalogues", () => {
  it("have English as a non-empty source", () => {
    expect(english.size).toBeGreaterThan(0);
    for (const [id, text] of english) expect(text.trim(), id).not.toBe("");
  });

  for (const locale of LOCALES) {
    describe(locale, () => {
      it("has exactly English's ids", () => {
        const ids = new Set(messagesOf(locale).map(([k]) => k));
        expect([...english.keys()].filter((k) => !ids.has(k)), "missing").toEqual([]);
        expect([...ids].filter((k) => !english.has(k)), "not in English").toEqual([]);
      });

      it("has messages that parse, with English's placeholders and every plural form of the language", () => {
        const problems: string[] = [];
        for (const [id, text] of messagesOf(locale)) {
          if (typeof text !== "string" || !text.trim()) {
            problems.push(`${id}: empty`);
            continue;
          }
          let ast: MessageFormatElement[];
          try {
            ast = parse(text);
          } catch (error) {
            problems.push(`${id}: ${(error as Error).message}`);
            continue;
          }
          const source = english.get(id);
          if (source !== undefined && locale !== "en") {
            const want = [...argumentsOf(parse(source))].sort();
            const got = [...argumentsOf(ast)].sort();
            if (want.join() !== got.join()) problems.push(`${id}: placeholders ${got.join(",")} ≠ English ${want.join(",")}`);
          }
          for (const m of missingPluralForms(ast, locale)) problems.push(`${id}: plural form missing (${m})`);
        }
        expect(problems).toEqual([]);
      });

      it("marks for review only ids that exist", () => {
        const review = catalogues[locale]._review ?? [];
        expect(Array.isArray(review)).toBe(true);
        expect((review as string[]).filter((id) => !english.has(id))).toEqual([]);
      });
    });
  }
});

describe("the checks themselves", () => {
  it("find a missing Arabic plural form and a changed placeholder", () => {
    expect(missingPluralForms(parse("{n, plural, one {# reply} other {# replies}}"), "ar")).toEqual(["n: zero", "n: two", "n: few", "n: many"]);
    expect(missingPluralForms(parse("{n, plural, one {# ответ} few {# ответа} many {# ответов} other {# ответа}}"), "ru")).toEqual([]);
    expect([...argumentsOf(parse("Hello {name}, <b>{count, plural, one {# item} other {# items}}</b>"))].sort()).toEqual(["<b>", "count", "name"]);
  });
});
