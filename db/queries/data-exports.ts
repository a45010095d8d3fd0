import type { DataExportTable } from "../schema";
import type { Executor } from "./users";

// "Download my data" archives (issue 27, migration 0031).

export async function insertDataExport(db: Executor, row: { id: string; user_id: string; created_at: string }): Promise<void> {
  await db.insertInto("data_exports").values({ ...row, status: "pending", token_hash: null, archive: null, bytes: null, ready_at: null, expires_at: null }).execute();
}

/** The person's newest export, without its archive. */
export function latestDataExport(db: Executor, userId: string) {
  return db
    .selectFrom("data_exports")
    .select(["id", "user_id", "status", "bytes", "created_at", "ready_at", "expires_at"])
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
}

export function findDataExport(db: Executor, id: string) {
  return db.selectFrom("data_exports").select(["id", "user_id", "status", "created_at"]).where("id", "=", id).executeTakeFirst();
}

/** The archive itself: by its id for its owner, or by a link token's hash. */
export function findDataExportArchive(db: Executor, where: { userId: string; id?: string; tokenHash?: string }) {
  let q = db.selectFrom("data_exports").select(["id", "status", "archive", "expires_at", "created_at"]).where("user_id", "=", where.userId);
  if (where.id) q = q.where("id", "=", where.id);
  if (where.tokenHash) q = q.where("token_hash", "=", where.tokenHash);
  return q.executeTakeFirst();
}

export async function completeDataExport(db: Executor, id: string, done: Pick<DataExportTable, "token_hash" | "archive" | "bytes" | "ready_at" | "expires_at">): Promise<void> {
  await db.updateTable("data_exports").set({ ...done, status: "ready" }).where("id", "=", id).execute();
}

/** Removes a person's earlier exports (a new request replaces them) . */
export async function deleteDataExportsExcept(db: Executor, userId: string, keepId: string): Promise<void> {
  await db.deleteFrom("data_exports").where("user_id", "=", userId).where("id", "!=", keepId).execute();
}

/** Drops the archives of expired exports (the rows stay, so the page can say "expired"). */
export async function dropExpiredArchives(db: Executor, nowIso: string): Promise<void> {
  await db.updateTable("data_exports").set({ archive: null }).where("expires_at", "<=", nowIso).where("archive", "is not", null).execute();
}
