import { sql } from "kysely";
import { JOB_KINDS, type JobKind, type JobPayloads, type JobState } from "../../common/job-kinds";
import type { DatabaseKind } from "../client";
import type { Executor } from "./users";

/** The jobs table (migration 0015); typed here so db/schema.ts stays as it is. */
export interface JobTable {
  id: number;
  kind: string;
  payload: string;
  key: string | null;
  state: JobState;
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_until: string | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export type JobRow = JobTable;

function table(db: Executor) {
  return db.withTables<{ jobs: Omit<JobTable, "id"> & { id: import("kysely").Generated<number> } }>();
}

export interface EnqueueOptions {
  /** When it may run first (default: now). */
  runAt?: Date;
  /** Idempotency key: a second enqueue with the same key is ignored (the first row stays). */
  key?: string;
}

/**
 * Adds a job. Pass the transaction of the change that causes it: if that rolls back, the job was
 * never there. Returns whether a row was added (false: a job with this key exists).
 */
export async function enqueue<K extends JobKind>(db: Executor, kind: K, payload: JobPayloads[K], options: EnqueueOptions = {}): Promise<boolean> {
  const at = new Date().toISOString();
  const result = await table(db)
    .insertInto("jobs")
    .values({
      kind,
      payload: JSON.stringify(payload),
      key: options.key ?? null,
      state: "queued",
      attempts: 0,
      max_attempts: JOB_KINDS[kind].maxAttempts,
      run_at: (options.runAt ?? new Date()).toISOString(),
      locked_until: null,
      locked_by: null,
      last_error: null,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.column("key").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Claims up to `limit` due jobs for `worker` until `leaseUntil`: queued ones whose time has come
 * and running ones whose lease has expired (their runner died). One statement: on PostgreSQL the
 * candidate rows are locked with FOR UPDATE SKIP LOCKED, so concurrent runners take different
 * rows; on SQLite the single UPDATE … RETURNING runs under the database's one write lock.
 * Each claim counts as a try.
 */
export async function claimJobs(
  db: Executor,
  dialect: DatabaseKind,
  claim: { now: string; leaseUntil: string; worker: string; limit: number },
): Promise<JobRow[]> {
  const due = sql`(state = 'queued' AND run_at <= ${claim.now}) OR (state = 'running' AND locked_until < ${claim.now})`;
  const set = sql`state = 'running', attempts = attempts + 1, locked_until = ${claim.leaseUntil}, locked_by = ${claim.worker}, updated_at = ${claim.now}`;
  // PostgreSQL: the rows are picked and locked once, in a CTE (a subquery under IN may be
  // rescanned by the planner and lock rows it does not return); SQLite: one UPDATE.
  const { rows } =
    dialect === "postgres"
      ? await sql<JobRow>`
          WITH picked AS (
            SELECT id FROM jobs WHERE ${due} ORDER BY run_at, id LIMIT ${claim.limit} FOR UPDATE SKIP LOCKED
          )
          UPDATE jobs SET ${set} FROM picked WHERE jobs.id = picked.id
          RETURNING jobs.*`.execute(db)
      : await sql<JobRow>`
          UPDATE jobs SET ${set}
          WHERE id IN (SELECT id FROM jobs WHERE ${due} ORDER BY run_at, id LIMIT ${claim.limit})
          RETURNING *`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts), max_attempts: Number(r.max_attempts) }));
}

/** Ends a claimed job, only while `worker` still holds it (a runner whose lease ran out changes nothing). */
export async function finishJob(
  db: Executor,
  id: number,
  worker: string,
  change: { state: "done" | "queued" | "dead"; at: string; runAt?: string; error?: string | null },
): Promise<boolean> {
  const result = await table(db)
    .updateTable("jobs")
    .set({
      state: change.state,
      locked_until: null,
      locked_by: null,
      updated_at: change.at,
      ...(change.runAt ? { run_at: change.runAt } : {}),
      ...(change.error !== undefined ? { last_error: change.error } : {}),
    })
    .where("id", "=", id)
    .where("locked_by", "=", worker)
    .where("state", "=", "running")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function countJobsByState(db: Executor): Promise<Record<JobState, number>> {
  const rows = await table(db).selectFrom("jobs").select(["state", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("state").execute();
  const counts: Record<JobState, number> = { queued: 0, running: 0, done: 0, dead: 0 };
  for (const r of rows) if (r.state in counts) counts[r.state] = Number(r.n);
  return counts;
}

export async function listDeadJobs(db: Executor, limit: number): Promise<JobRow[]> {
  const rows = await table(db).selectFrom("jobs").selectAll().where("state", "=", "dead").orderBy("updated_at", "desc").orderBy("id", "desc").limit(limit).execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export function findJob(db: Executor, id: number): Promise<JobRow | undefined> {
  return table(db).selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst() as Promise<JobRow | undefined>;
}

/** A dead job back in the queue with a fresh set of tries; false when it is not dead. */
export async function requeueDeadJob(db: Executor, id: number, at: string): Promise<boolean> {
  const result = await table(db)
    .updateTable("jobs")
    .set({ state: "queued", attempts: 0, run_at: at, updated_at: at })
    .where("id", "=", id)
    .where("state", "=", "dead")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes finished jobs older than `before` (their keys then free). */
export async function pruneDoneJobs(db: Executor, before: string): Promise<void> {
  await table(db).deleteFrom("jobs").where("state", "=", "done").where("updated_at", "<", before).execute();
}

export function jobPayload<K extends JobKind>(row: JobRow & { kind: K }): JobPayloads[K] {
  return JSON.parse(row.payload) as JobPayloads[K];
}
