import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { startServer, type RunningServer } from "../../server/index";
import { getDb } from "../../db/client";
import { createTestPgDatabase } from "./pg";

export interface TestServer extends RunningServer {
  /** The SQLite file (or database URL) this server uses. */
  databaseUrl: string;
  dataDir: string;
}

/**
 * Starts the real app in this process on 127.0.0.1, port 0, with a fresh SQLite file
 * (or, with TEST_PG_URL, a throwaway PostgreSQL database of its own).
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  process.env.BUILD_DIR = inject("buildDir");
  const dataDir = mkdtempSync(join(tmpdir(), "cw-test-data-"));
  const pgDb = !env.DATABASE_URL && process.env.TEST_PG_URL ? await createTestPgDatabase(process.env.TEST_PG_URL) : null;
  const databaseUrl = env.DATABASE_URL ?? pgDb?.url ?? `file:${join(dataDir, "workspace.db")}`;
  const running = await startServer({
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    // "error": kept in memory by tests/helpers/worker-reset.ts and printed when a test fails.
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "error",
    NODE_ENV: "production",
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
    ...env,
  });
  const close = running.close;
  return {
    ...running,
    databaseUrl,
    dataDir,
    async close() {
      await close();
      await pgDb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export { getDb };
