import type { Coalition, CoalitionUpdate, NewCoalition } from "../schema";
import type { Executor } from "./users";

/** Finds a coalition by slug (archived ones included; callers decide). */
export function findCoalitionBySlug(db: Executor, slug: string): Promise<Coalition | undefined> {
  return db.selectFrom("coalitions").selectAll().where("slug", "=", slug).executeTakeFirst();
}

export function findCoalitionById(db: Executor, id: string): Promise<Coalition | undefined> {
  return db.selectFrom("coalitions").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * The coalitions a viewer may see in the directory: public ones, plus private ones the
 * user belongs to (or all, for a site administrator). Archived ones only when asked.
 */
export function listCoalitionsForDirectory(
  db: Executor,
  viewer: { userId: string | null; isSiteAdmin: boolean; includeArchived?: boolean },
) {
  let q = db.selectFrom("coalitions").selectAll("coalitions");
  if (!viewer.includeArchived) q = q.where("coalitions.archived_at", "is", null);
  if (!viewer.isSiteAdmin) {
    q = q.where((eb) =>
      eb.or([
        eb("coalitions.visibility", "=", "public"),
        ...(viewer.userId
          ? [
              eb.exists(
                eb
                  .selectFrom("memberships")
                  .select("memberships.id")
                  .whereRef("memberships.coalition_id", "=", "coalitions.id")
                  .where("memberships.user_id", "=", viewer.userId),
              ),
            ]
          : []),
      ]),
    );
  }
  return q.orderBy("coalitions.name").execute();
}

export async function insertCoalition(db: Executor, row: NewCoalition): Promise<void> {
  await db.insertInto("coalitions").values(row).execute();
}

export async function updateCoalition(db: Executor, id: string, patch: CoalitionUpdate): Promise<void> {
  await db.updateTable("coalitions").set(patch).where("id", "=", id).execute();
}

/** Whether another coalition (not `exceptId`) already uses the slug. Slugs are unique, archived or not. */
export async function isSlugTaken(db: Executor, slug: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom("coalitions").select("id").where("slug", "=", slug);
  if (exceptId) q = q.where("id", "!=", exceptId);
  return Boolean(await q.executeTakeFirst());
}
