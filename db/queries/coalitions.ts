import { sql } from "kysely";
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
 * The coalitions a viewer may see in the directory. Who may see what is not decided here:
 * `viewable` lists the coalition states (`"<visibility>:<membership role or none>:<archived 0|1>"`,
 * see app/lib/search-policy.ts) in which the policy lets this viewer see a coalition.
 * Archived ones only when asked.
 */
export function listCoalitionsForDirectory(
  db: Executor,
  viewer: { userId: string | null; viewable: readonly string[]; includeArchived?: boolean },
) {
  if (viewer.viewable.length === 0) return Promise.resolve([] as Coalition[]);
  let q = db
    .selectFrom("coalitions")
    .leftJoin("memberships as m", (join) => join.onRef("m.coalition_id", "=", "coalitions.id").on("m.user_id", "=", viewer.userId ?? ""))
    .selectAll("coalitions");
  if (!viewer.includeArchived) q = q.where("coalitions.archived_at", "is", null);
  const state = sql<string>`coalitions.visibility || ':' || COALESCE(m.role, 'none') || ':' || (CASE WHEN coalitions.archived_at IS NULL THEN '0' ELSE '1' END)`;
  return q.where(sql<boolean>`${state} IN (${sql.join([...viewer.viewable])})`).orderBy("coalitions.name").execute();
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
