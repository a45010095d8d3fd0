import { getDb } from "../../db/client";
import { getOrCreateSecret } from "../../db/queries/app-secrets";
import type { Executor } from "../../db/queries/users";

// Server secrets kept in app_secrets (the device cookie's key, the mail links' key): read once per
// database handle and name, then kept in memory. `db` is the executor to read through the first time
// (a caller inside a transaction passes it: on SQLite that transaction holds the only connection).

const cache = new WeakMap<object, Map<string, Promise<Buffer>>>();

export function appSecret(name: string, db: Executor = getDb()): Promise<Buffer> {
  const root = getDb();
  let byName = cache.get(root);
  if (!byName) cache.set(root, (byName = new Map()));
  let key = byName.get(name);
  if (!key) {
    key = getOrCreateSecret(db, name);
    key.catch(() => byName.delete(name));
    byName.set(name, key);
  }
  return key;
}
