import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { startServer, type RunningServer } from "../../server/index";
import { getDb } from "../../db/client";

export interface TestServer extends RunningServer {
  /** The SQLite file (or database URL) this server uses. */
  databaseUrl: string;
  dataDir: string;
}

/**
 * Starts the real app in this process on 127.0.0.1, port 0, with a fresh SQLite file
 * (or TEST_DATABASE_URL's PostgreSQL when the scale-out suite provides one).
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  process.env.BUILD_DIR = inject("buildDir");
  const dataDir = mkdtempSync(join(tmpdir(), "cw-test-data-"));
  const databaseUrl = env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? `file:${join(dataDir, "workspace.db")}`;
  const running = await startServer({
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    NODE_ENV: "production",
    ...env,
  });
  const close = running.close;
  return {
    ...running,
    databaseUrl,
    dataDir,
    async close() {
      await close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export { getDb };
