import type { Kysely } from "kysely";
import type { Database } from "../schema";

class ProbeRollback extends Error {}

/**
 * A write that needs fresh space and leaves nothing behind: a 16 KiB row (larger than a SQLite page,
 * so it takes new pages) inserted into login_failures inside a transaction that is rolled back.
 * Throws the storage error when storage is still full or unavailable.
 */
export async function probeWrite(db: Kysely<Database>): Promise<void> {
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto("login_failures").values({ key: `probe:${"x".repeat(16 * 1024)}`, created_at: new Date().toISOString() }).execute();
      throw new ProbeRollback();
    });
  } catch (error) {
    if (!(error instanceof ProbeRollback)) throw error;
  }
}
