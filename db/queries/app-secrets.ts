import { randomBytes } from "node:crypto";
import type { Executor } from "./users";

/** The app_secrets table (migration 0009); typed here so db/schema.ts stays as it is. */
export interface AppSecretTable {
  name: string;
  value: string; // hex
  created_at: string;
}

function table(db: Executor) {
  return db.withTables<{ app_secrets: AppSecretTable }>();
}

/**
 * The named secret (32 random bytes), made on first use. Concurrent first uses (several
 * processes) all end up with the one row that was inserted first.
 */
export async function getOrCreateSecret(db: Executor, name: string): Promise<Buffer> {
  const read = () => table(db).selectFrom("app_secrets").select("value").where("name", "=", name).executeTakeFirst();
  let row = await read();
  if (!row) {
    await table(db)
      .insertInto("app_secrets")
      .values({ name, value: randomBytes(32).toString("hex"), created_at: new Date().toISOString() })
      .onConflict((oc) => oc.column("name").doNothing())
      .execute();
    row = await read();
  }
  if (!row) throw new Error(`app secret "${name}" could not be stored`);
  return Buffer.from(row.value, "hex");
}
