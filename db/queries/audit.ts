import type { AuditAction } from "../../common/audit-actions";
import type { Executor } from "./users";

export interface NewAuditEvent {
  coalition_id: string | null;
  actor_id: string | null;
  subject_user_id: string | null;
  subject_email: string | null;
  action: AuditAction;
  reason: string | null;
  detail: string | null;
  created_at: string;
}

export async function insertAuditEvent(db: Executor, row: NewAuditEvent): Promise<void> {
  await db.insertInto("audit_events").values(row).execute();
}

export async function countAuditEvents(db: Executor, coalitionId: string): Promise<number> {
  const row = await db
    .selectFrom("audit_events")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("coalition_id", "=", coalitionId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of a coalition's audit log, newest first, with actor and subject names. */
export function listAuditEvents(db: Executor, coalitionId: string, limit: number, offset: number) {
  return db
    .selectFrom("audit_events as a")
    .leftJoin("users as actor", "actor.id", "a.actor_id")
    .leftJoin("users as subject", "subject.id", "a.subject_user_id")
    .select([
      "a.id",
      "a.action",
      "a.reason",
      "a.detail",
      "a.created_at",
      "a.subject_email",
      "actor.name as actor_name",
      "subject.name as subject_name",
      "subject.email as subject_user_email",
    ])
    .where("a.coalition_id", "=", coalitionId)
    .orderBy("a.id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
}
