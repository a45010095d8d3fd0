import type { CoalitionRole, Membership } from "../schema";
import type { Executor } from "./users";

/** A user's membership in a coalition, if any. */
export function findMembership(db: Executor, coalitionId: string, userId: string): Promise<Membership | undefined> {
  return db
    .selectFrom("memberships")
    .selectAll()
    .where("coalition_id", "=", coalitionId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
}

export async function insertMembership(
  db: Executor,
  row: { id: string; coalition_id: string; user_id: string; role: CoalitionRole; created_at: string; updated_at: string },
): Promise<void> {
  await db.insertInto("memberships").values(row).execute();
}
