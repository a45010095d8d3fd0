import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    buildDir: string;
  }
}

/**
 * Builds the app once per test run into a private folder, so that concurrent runs (and a
 * developer's own `npm start`) never see a half-written build/.
 */
export default function setup(project: TestProject) {
  // Inside the project (gitignored .cache/): Vitest only loads modules from under its root.
  mkdirSync(resolve(".cache"), { recursive: true });
  // CI runs two suites on one checkout: TEST_BUILD_DIR lets the second reuse the first one's build
  // (kept afterwards; a folder without a complete build is built into).
  const shared = process.env.TEST_BUILD_DIR ? resolve(process.env.TEST_BUILD_DIR) : null;
  if (shared && existsSync(join(shared, "server/index.js")) && existsSync(join(shared, "server-node/index.js"))) {
    project.provide("buildDir", shared);
    process.env.BUILD_DIR = shared;
    return () => {};
  }
  if (shared) mkdirSync(shared, { recursive: true });
  const dir = shared ?? mkdtempSync(resolve(".cache/test-build-"));
  execFileSync(resolve("node_modules/.bin/remix"), ["vite:build"], {
    env: { ...process.env, BUILD_DIR: dir, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (!existsSync(join(dir, "server/index.js"))) throw new Error(`test build failed: ${dir}/server/index.js missing`);
  // The Node server as production runs it (no TypeScript loader): what spawnServer starts.
  execFileSync(process.execPath, [resolve("scripts/build-server.mjs"), "--outfile", join(dir, "server-node/index.js")], { stdio: ["ignore", "ignore", "inherit"] });
  project.provide("buildDir", dir);
  process.env.BUILD_DIR = dir;
  return () => { if (!shared && !process.env.KEEP_TEST_BUILD) rmSync(dir, { recursive: true, force: true }); };
}
