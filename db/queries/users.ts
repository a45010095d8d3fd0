import type { Kysely, Transaction } from "kysely";
import type { Database, NewUser, User, UserUpdate } from "../schema";

export type Executor = Kysely<Database> | Transaction<Database>;

/** Finds a user by id. */
export function findUserById(db: Executor, id: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Finds a user by (lower-cased) email. */
export function findUserByEmail(db: Executor, email: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", email.toLowerCase()).executeTakeFirst();
}

export async function insertUser(db: Executor, user: NewUser): Promise<void> {
  await db.insertInto("users").values(user).execute();
}

export async function updateUser(db: Executor, id: string, patch: UserUpdate): Promise<void> {
  await db.updateTable("users").set(patch).where("id", "=", id).execute();
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Finds a user by handle (handles are stored lower-case). */
export function findUserByHandle(db: Executor, handle: string): Promise<Pick<User, "id" | "handle"> | undefined> {
  return db.selectFrom("users").select(["id", "handle"]).where("handle", "=", handle.toLowerCase()).executeTakeFirst();
}

/** The handles that start with `prefix` (a superset: `_` is a LIKE wildcard), to pick a free numbered one. */
export async function handlesStartingWith(db: Executor, prefix: string): Promise<Set<string>> {
  const rows = await db.selectFrom("users").select("handle").where("handle", "like", `${prefix.toLowerCase()}%`).execute();
  return new Set(rows.map((r) => r.handle));
}
