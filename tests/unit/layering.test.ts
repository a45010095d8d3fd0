import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layering rules of docs/ARCHITECTURE.md, checked on every import (static, re-export,
 * dynamic, and `import type`: a type import still couples the layers). Each rule names the
 * importing files, the files they may not import, and why.
 */
interface Rule {
  from: RegExp;
  to: RegExp;
  why: string;
}

export const RULES: Rule[] = [
  { from: /^server\/collab\//, to: /^app\/models\//, why: "the collaboration server reaches the domain through ports it is handed (server/attach.ts wires them), not the models" },
  { from: /^db\//, to: /^app\//, why: "the database layer is below the app: queries take plain values" },
  { from: /^common\//, to: /^(app|server|db|scripts)\//, why: "common/ is the vocabulary every layer shares (roles, audited actions, Yjs helpers): it imports no layer" },
  { from: /^app\/lib\//, to: /^app\/(models|routes)\//, why: "app/lib is framework-free helpers; models and routes build on it, not the reverse" },
  { from: /^app\/components\//, to: /^db\/|\.server(\.[cm]?[jt]sx?)?$/, why: "components are bundled for the browser: no database, no server-only module" },
  { from: /^app\/routes\//, to: /^db\/queries\//, why: "routes call models (which check permissions and hold transactions), never queries" },
];

/**
 * Imports that break a rule today and are being fixed on other branches (issue #20): each entry
 * must still violate (a fixed one fails the test until it is removed here), and nothing else may.
 */
const KNOWN_VIOLATIONS = new Set<string>([
  // Type-only imports of loader data shapes from models (erased at build, but still the wrong way).
  "app/components/activity-feed.tsx -> app/models/activity.server",
  "app/components/coalition-form.tsx -> app/models/coalition-admin.server",
  "app/components/search-results.tsx -> app/models/search.server",
  "app/components/threads/post-item.tsx -> app/models/threads.server",
]);

const ROOTS = ["app", "common", "server", "db", "scripts"];
const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;
const IMPORT = /(?:^|[^\w.])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The repository-relative paths a file imports (relative specifiers and `~/` only; packages are not layers). */
export function importsOf(file: string, text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2]!;
    if (spec.startsWith(".")) found.push(normalize(join(dirname(file), spec)).replaceAll("\\", "/"));
    else if (spec.startsWith("~/")) found.push(`app/${spec.slice(2)}`);
  }
  return found;
}

/** Every forbidden import, as "importer -> imported: why". */
export function violations(files: { path: string; text: string }[]): { edge: string; why: string }[] {
  const out: { edge: string; why: string }[] = [];
  for (const { path, text } of files) {
    for (const target of importsOf(path, text)) {
      for (const rule of RULES) {
        if (rule.from.test(path) && rule.to.test(target)) out.push({ edge: `${path} -> ${target}`, why: rule.why });
      }
    }
  }
  return out;
}

describe("layering", () => {
  it("finds imports of every form, resolved from the importing file", () => {
    const text = [
      `import { a } from "../../app/models/x.server";`,
      `import type { B } from "../models/y.server";`,
      `export { c } from "./z";`,
      `const d = await import("../../db/queries/posts");`,
      `import "~/lib/side-effect";`,
      `import pino from "pino";`,
    ].join("\n");
    expect(importsOf("server/collab/room.ts", text)).toEqual(["app/models/x.server", "server/models/y.server", "server/collab/z", "db/queries/posts", "app/lib/side-effect"]);
  });

  it("each rule catches the import it forbids and lets the allowed ones through", () => {
    const cases: [string, string, boolean][] = [
      ["server/collab/room.ts", `import { x } from "../../app/models/documents.server";`, true],
      ["server/collab/room.ts", `import { x } from "../../app/lib/collab-protocol";`, false],
      ["db/queries/posts.ts", `import type { Role } from "../../app/lib/permissions";`, true],
      ["app/lib/search-query.ts", `import { x } from "../models/search.server";`, true],
      ["app/lib/search-query.ts", `import { x } from "~/routes/search";`, true],
      ["app/components/form.tsx", `import { x } from "../lib/config.server";`, true],
      ["app/components/form.tsx", `import { x } from "../../db/schema";`, true],
      ["app/components/form.tsx", `import { x } from "../lib/validation";`, false],
      ["app/routes/search.tsx", `import { x } from "../../db/queries/search";`, true],
      ["app/routes/search.tsx", `import { x } from "../models/search.server";`, false],
      ["server/app.ts", `import { x } from "../app/models/auth.server";`, false],
    ];
    for (const [path, text, forbidden] of cases) expect(violations([{ path, text }]).length, `${path}: ${text}`).toBe(forbidden ? 1 : 0);
  });

  it("no file imports across a forbidden layer boundary", () => {
    const files = ROOTS.flatMap((root) => sourceFiles(root)).map((path) => ({ path: relative(".", path).replaceAll("\\", "/"), text: readFileSync(path, "utf8") }));
    expect(files.length).toBeGreaterThan(100);
    const found = violations(files);
    expect(found.filter((v) => !KNOWN_VIOLATIONS.has(v.edge)).map((v) => `${v.edge}: ${v.why}`)).toEqual([]);
    const fixed = [...KNOWN_VIOLATIONS].filter((edge) => !found.some((v) => v.edge === edge));
    expect(fixed, "fixed: remove these from KNOWN_VIOLATIONS").toEqual([]);
  });
});
