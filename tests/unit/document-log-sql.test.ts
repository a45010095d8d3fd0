import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { documentLogStatements } from "../../db/document-log-sql.mjs";

/**
 * Every statement on a document's log and snapshot is written once, in db/document-log-sql.mjs
 * (issue #20): the SQLite writer threads and the Kysely queries both take it from there. This
 * fails if one is spelled again elsewhere, as raw SQL or as a Kysely builder on those tables.
 */
const ROOTS = ["app", "common", "server", "db", "scripts"];
const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;
const HOME = "db/document-log-sql.mjs";
// The schema itself (migrations) is not a statement on the log.
const EXEMPT = /^db\/migrations\//;
const TABLES = "document_updates|document_snapshots";
const RAW = new RegExp(String.raw`\b(?:insert\s+into|delete\s+from|update|from|join)\s+["\x60]?(?:${TABLES})\b`, "i");
const KYSELY = new RegExp(String.raw`\b(?:insertInto|deleteFrom|updateTable|selectFrom|replaceInto|mergeInto|innerJoin|leftJoin)\(\s*["'\x60](?:${TABLES})\b`);

// Prose in comments may name the tables ("deletes it from document_updates").
const COMMENT = /^\s*(?:\/\/|\/\*|\*)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) ? [path] : [];
  });
}

describe("the document log's SQL has one source", () => {
  const root = process.cwd();
  const files = ROOTS.flatMap((r) => sourceFiles(join(root, r))).map((f) => relative(root, f).replaceAll("\\", "/"));

  it("spells no statement on document_updates or document_snapshots outside db/document-log-sql.mjs", () => {
    const offenders: string[] = [];
    for (const file of files) {
      if (file === HOME || EXEMPT.test(file)) continue;
      readFileSync(join(root, file), "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (COMMENT.test(line)) return;
          if (RAW.test(line) || KYSELY.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it("finds the statements it guards (the scan is not looking at nothing)", () => {
    const home = readFileSync(join(root, HOME), "utf8");
    expect(home).toMatch(RAW);
    expect(files).toContain("db/queries/document-state.ts");
  });

  it("writes the same statements in both dialects, differing only in parameters", () => {
    const sqlite = documentLogStatements("sqlite");
    const postgres = documentLogStatements("postgres");
    const fixed = (s: typeof sqlite) => Object.entries(s).map(([k, v]) => [k, typeof v === "function" ? v(3) : v] as const);
    for (const [[name, lite], [, pg]] of fixed(sqlite).map((e, i) => [e, fixed(postgres)[i]] as const)) {
      const count = (lite.match(/\?/g) ?? []).length;
      const numbered = Array.from({ length: count }, (_, i) => `$${i + 1}`);
      expect(pg.match(/\$\d+/g) ?? [], name).toEqual(numbered);
      expect(pg.replace(/\$\d+/g, "?"), name).toBe(lite);
    }
  });
});
