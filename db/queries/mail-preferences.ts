import type { Delivery } from "../../common/mail-delivery";
import type { Executor } from "./users";

/** The tables of migration 0016; typed here so db/schema.ts stays as it is. */
export interface MailPreferenceTable {
  user_id: string;
  coalition_id: string;
  delivery: Delivery;
  digest_day: number;
  updated_at: string;
}

export interface MailPersonalPreferenceTable {
  user_id: string;
  mentions: Delivery;
  replies: Delivery;
  digest_day: number;
  updated_at: string;
}

function tables(db: Executor) {
  return db.withTables<{ mail_preferences: MailPreferenceTable; mail_personal_preferences: MailPersonalPreferenceTable }>();
}

export function listCoalitionPreferences(db: Executor, userId: string): Promise<MailPreferenceTable[]> {
  return tables(db).selectFrom("mail_preferences").selectAll().where("user_id", "=", userId).execute();
}

export function findCoalitionPreference(db: Executor, userId: string, coalitionId: string): Promise<MailPreferenceTable | undefined> {
  return tables(db).selectFrom("mail_preferences").selectAll().where("user_id", "=", userId).where("coalition_id", "=", coalitionId).executeTakeFirst();
}

export function findPersonalPreference(db: Executor, userId: string): Promise<MailPersonalPreferenceTable | undefined> {
  return tables(db).selectFrom("mail_personal_preferences").selectAll().where("user_id", "=", userId).executeTakeFirst();
}

export async function upsertCoalitionPreference(db: Executor, row: MailPreferenceTable): Promise<void> {
  await tables(db)
    .insertInto("mail_preferences")
    .values(row)
    .onConflict((oc) => oc.columns(["user_id", "coalition_id"]).doUpdateSet({ delivery: row.delivery, digest_day: row.digest_day, updated_at: row.updated_at }))
    .execute();
}

export async function upsertPersonalPreference(db: Executor, row: MailPersonalPreferenceTable): Promise<void> {
  await tables(db)
    .insertInto("mail_personal_preferences")
    .values(row)
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ mentions: row.mentions, replies: row.replies, digest_day: row.digest_day, updated_at: row.updated_at }))
    .execute();
}

/** The coalition's members (any role) who chose to get its mail at once, but not `exceptUserId`. */
export function listImmediateRecipients(db: Executor, coalitionId: string, exceptUserId: string | null) {
  return tables(db)
    .selectFrom("mail_preferences as p")
    .innerJoin("memberships as m", (j) => j.onRef("m.user_id", "=", "p.user_id").onRef("m.coalition_id", "=", "p.coalition_id"))
    .innerJoin("users as u", "u.id", "p.user_id")
    .select(["u.id", "u.email", "u.name", "u.language"])
    .where("p.coalition_id", "=", coalitionId)
    .where("p.delivery", "=", "immediate")
    .where("u.email_verified_at", "is not", null)
    .where("u.id", "!=", exceptUserId ?? "")
    .orderBy("u.id")
    .execute();
}
