import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// Issue 21: Arabic is right-to-left, so spacing, alignment and borders follow the text's
// direction: Tailwind's logical utilities (ms-, pe-, text-start, border-s…) and CSS logical
// properties, never left/right ones that would stay on the wrong side in Arabic.

const root = join(__dirname, "../../app");
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.(tsx?|css)$/.test(e.name) ? [join(dir, e.name)] : []));

const PHYSICAL_CLASS = /(?<![\w-])(?:[a-z]+:)*(-?m[lr]-[\w.[\]/]+|p[lr]-[\w.[\]/]+|text-(?:left|right)|border-[lr](?:-\d+)?|rounded-(?:[lr]|[tb][lr])(?:-\w+)?|float-(?:left|right)|(?:left|right)-[\w.[\]/%]+|scroll-[mp][lr]-\w+)(?![\w-])/g;
const PHYSICAL_CSS = /\b(margin|padding|border)-(left|right)\b|(?<![\w-])(left|right)\s*:|float:\s*(left|right)|text-align:\s*(left|right)/g;

export function physicalClasses(source: string): string[] {
  // Only inside string literals and template strings (class names), not code.
  const strings = source.match(/"[^"\n]*"|`[^`]*`|'[^'\n]*'/g) ?? [];
  return strings.flatMap((s) => [...s.matchAll(PHYSICAL_CLASS)].map((m) => m[1]!));
}

describe("right-to-left ready styles", () => {
  it("use logical Tailwind classes in every page and component", () => {
    const found = files(root)
      .filter((f) => /\.tsx?$/.test(f))
      .flatMap((f) => physicalClasses(readFileSync(f, "utf8")).map((c) => `${relative(root, f)}: ${c}`));
    expect(found).toEqual([]);
  });

  it("use logical properties in every stylesheet", () => {
    const found = files(root)
      .filter((f) => f.endsWith(".css"))
      .flatMap((f) => [...readFileSync(f, "utf8").matchAll(PHYSICAL_CSS)].map((m) => `${relative(root, f)}: ${m[0]}`));
    expect(found).toEqual([]);
  });

  it("use logical Tailwind classes in the stylesheets' @apply rules", () => {
    const found = files(root)
      .filter((f) => f.endsWith(".css"))
      .flatMap((f) => [...readFileSync(f, "utf8").matchAll(/@apply ([^;]+);/g)].flatMap((m) => physicalClasses(`"${m[1]}"`).map((c) => `${relative(root, f)}: ${c}`)));
    expect(found).toEqual([]);
  });

  it("catch what they are for", () => {
    expect(physicalClasses(`<p className="ml-2 sm:pr-4 text-left border-l-4 rounded-lg ms-2 left-0">`)).toEqual(["ml-2", "pr-4", "text-left", "border-l-4", "left-0"]);
    expect(physicalClasses(`const x = "rounded-l-md top-2 start-0 text-start";`)).toEqual(["rounded-l-md"]);
  });
});
