import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { DbHandle } from "../../db/client";
import type { Executor } from "../../db/queries/users";

/**
 * Who may run a job now. On PostgreSQL several instances share the database: a job runs inside a
 * transaction holding a transaction-scoped advisory lock on its name, so one instance runs it and
 * the others skip that round (the lock goes with the transaction, even if the instance dies). On
 * SQLite the database is one instance's file: the job runs on the handle as it is.
 */
export interface JobLock {
  /** Runs `fn` if this instance holds `name` for the run; false when another instance does. */
  run(name: string, fn: (db: Executor) => Promise<void>): Promise<boolean>;
}

/** The advisory lock key of a job: a fixed class ("cw" jobs) and 32 bits of the name's SHA-256. */
export function advisoryKey(name: string): [number, number] {
  return [0x6377_6a62, createHash("sha256").update(name).digest().readInt32BE(0)];
}

export function jobLockFor(handle: Pick<DbHandle, "db" | "kind">): JobLock {
  if (handle.kind === "sqlite") {
    return {
      async run(_name, fn) {
        await fn(handle.db);
        return true;
      },
    };
  }
  return {
    run(name, fn) {
      const [classId, objectId] = advisoryKey(name);
      return handle.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ held: boolean }>`select pg_try_advisory_xact_lock(${classId}::int, ${objectId}::int) as held`.execute(trx);
        if (!rows[0]?.held) return false;
        await fn(trx);
        return true;
      });
    },
  };
}
