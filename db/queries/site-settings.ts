import type { Executor } from "./users";

/** The site_settings table (migration 0030): one value per key, set by a site administrator. */
export interface SiteSettingTable {
  key: string;
  value: string;
  updated_at: string;
}

function table(db: Executor) {
  return db.withTables<{ site_settings: SiteSettingTable }>();
}

export async function getSiteSetting(db: Executor, key: string): Promise<string | null> {
  const row = await table(db).selectFrom("site_settings").select("value").where("key", "=", key).executeTakeFirst();
  return row?.value ?? null;
}

export async function setSiteSetting(db: Executor, key: string, value: string, at: string): Promise<void> {
  await table(db)
    .insertInto("site_settings")
    .values({ key, value, updated_at: at })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: at }))
    .execute();
}
