import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * With TEST_PG_URL (an admin connection URL, e.g. postgres://postgres@127.0.0.1:5432/postgres)
 * each test server gets its own throwaway database, so runs never collide.
 */
export async function createTestPgDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cw_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Whether PostgreSQL answers at PG_ADMIN_URL (CI provides it; elsewhere suites that need it skip loudly). */
export async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}
