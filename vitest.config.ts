import { defineConfig } from "vitest/config";

// Tests run without the Remix plugin: integration and e2e suites drive a real
// server built by `remix vite:build` (see tests/helpers/global-setup.ts).

/**
 * `npm run test:pg` runs the integration suites again with TEST_PG_URL, each test server on a
 * PostgreSQL database of its own. Left out there, because the second run would repeat the first:
 * suites that open a SQLite file whatever the URL (the SQLite writer, its compactor and
 * checkpointer, crash tests of the SQLite server) and suites about headers and page markup that
 * read nothing the database kind changes.
 */
const SQLITE_ONLY = ["collab-durability", "document-writer", "sqlite-compactor", "sqlite-checkpointer", "storage-full", "sqlite-transactions"];
const DATABASE_INDEPENDENT = ["hsts", "access-log", "secure-cookie", "trust-proxy", "privacy-notice", "preview-limits", "documents-i18n", "accessibility"];
const notOnPg = process.env.TEST_PG_URL ? [...SQLITE_ONLY, ...DATABASE_INDEPENDENT].map((name) => `tests/integration/${name}.test.ts`) : [];

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["**/node_modules/**", ...notOnPg],
    pool: "forks",
    globalSetup: ["tests/helpers/global-setup.ts"],
    // One module cache per worker instead of per file: the app, Yjs and Kysely are imported twice
    // per run, not 170 times. tests/helpers/worker-reset.ts puts back what a file changed.
    isolate: false,
    setupFiles: ["tests/helpers/worker-reset.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
