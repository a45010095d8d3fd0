import type { Insertable } from "kysely";
import type { AuditEvent, AuditEventTable } from "../schema";
import type { Executor } from "./users";

export type NewAuditEvent = Omit<Insertable<AuditEventTable>, "id">;

/** Appends one row to the audit log (call it inside the transaction that made the change). */
export async function insertAuditEvent(db: Executor, row: NewAuditEvent): Promise<void> {
  await db.insertInto("audit_events").values(row).execute();
}

/** A coalition's audit log, newest first. */
export function listCoalitionAuditEvents(db: Executor, coalitionId: string, limit = 100): Promise<AuditEvent[]> {
  return db.selectFrom("audit_events").selectAll().where("coalition_id", "=", coalitionId).orderBy("id", "desc").limit(limit).execute();
}
