import type { Executor } from "./users";

export async function recordLoginFailure(db: Executor, key: string, at: string): Promise<void> {
  await db.insertInto("login_failures").values({ key, created_at: at }).execute();
}

/** Failures for a key since a time, and the oldest of them (for Retry-After). */
export async function countLoginFailures(db: Executor, key: string, sinceIso: string) {
  const row = await db
    .selectFrom("login_failures")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("created_at").as("oldest")])
    .where("key", "=", key)
    .where("created_at", ">", sinceIso)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), oldest: (row.oldest as string | null) ?? null };
}

export async function clearLoginFailures(db: Executor, key: string): Promise<void> {
  await db.deleteFrom("login_failures").where("key", "=", key).execute();
}

export async function pruneLoginFailures(db: Executor, beforeIso: string): Promise<void> {
  await db.deleteFrom("login_failures").where("created_at", "<=", beforeIso).execute();
}
