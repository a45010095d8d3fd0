import { getDb } from "../../db/client";
import { now } from "../../db/ids";
import { insertAuditEvent } from "../../db/queries/audit";
import type { Executor } from "../../db/queries/users";

/** Moderation recorded in the coalition's audit log (read by coordinators). */
export type ThreadAuditAction =
  | "thread.locked"
  | "thread.unlocked"
  | "thread.pinned"
  | "thread.unpinned"
  | "thread.moved_out"
  | "thread.moved_in"
  | "post.hidden"
  | "post.unhidden";

export async function auditThread(
  input: { coalitionId: string; actorId: string; action: ThreadAuditAction; reason?: string | null; detail: { threadId: string; title: string; postNumber?: number; to?: string; from?: string } },
  db: Executor = getDb(),
): Promise<void> {
  await insertAuditEvent(db, {
    coalition_id: input.coalitionId,
    actor_id: input.actorId,
    subject_user_id: null,
    subject_email: null,
    action: input.action,
    reason: input.reason ?? null,
    detail: JSON.stringify(input.detail),
    created_at: now(),
  });
}
