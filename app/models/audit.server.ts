import { getDb } from "../../db/client";
import { now } from "../../db/ids";
import { countAuditEvents, insertAuditEvent, listAuditEvents } from "../../db/queries/audit";
import type { Executor } from "../../db/queries/users";

/** Every membership change recorded in the audit log. */
export type AuditAction =
  | "join_request.created"
  | "join_request.withdrawn"
  | "join_request.approved"
  | "join_request.declined"
  | "member.joined"
  | "member.role_changed"
  | "member.removed"
  | "member.left"
  | "invitation.created"
  | "invitation.revoked"
  | "invitation.accepted"
  | "coordinator.appointed";

export interface AuditInput {
  coalitionId: string;
  actorId: string | null;
  subjectUserId?: string | null;
  subjectEmail?: string | null;
  action: AuditAction;
  reason?: string | null;
  detail?: Record<string, unknown>;
}

/** Writes one audit row; call it inside the transaction that makes the change. */
export async function writeAudit(db: Executor, input: AuditInput): Promise<void> {
  await insertAuditEvent(db, {
    coalition_id: input.coalitionId,
    actor_id: input.actorId,
    subject_user_id: input.subjectUserId ?? null,
    subject_email: input.subjectEmail ?? null,
    action: input.action,
    reason: input.reason ?? null,
    detail: input.detail ? JSON.stringify(input.detail) : null,
    created_at: now(),
  });
}

export const AUDIT_PAGE_SIZE = 20;

const ROLE = (r: unknown) => (typeof r === "string" ? r : "?");

const TEXT = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "?");

function describe(action: string, actor: string, subject: string, d: Record<string, unknown>): string {
  switch (action) {
    case "join_request.created": return `${subject} asked to join`;
    case "join_request.withdrawn": return `${subject} withdrew their request to join`;
    case "join_request.approved": return `${actor} approved ${subject}'s request as ${ROLE(d.role)}`;
    case "join_request.declined": return `${actor} declined ${subject}'s request`;
    case "member.joined": return `${subject} joined as ${ROLE(d.role)}`;
    case "member.role_changed": return `${actor} changed ${subject}'s role from ${ROLE(d.from)} to ${ROLE(d.to)}`;
    case "member.removed": return `${actor} removed ${subject} (was ${ROLE(d.role)})`;
    case "member.left": return `${subject} left the coalition (was ${ROLE(d.role)})`;
    case "invitation.created": return `${actor} invited ${subject} as ${ROLE(d.role)}`;
    case "invitation.revoked": return `${actor} revoked the invitation to ${subject}`;
    case "invitation.accepted": return `${subject} accepted the invitation as ${ROLE(d.role)}`;
    case "coordinator.appointed": return `${actor} appointed ${subject} coordinator`;
    case "coalition.created": return `${actor} created the coalition`;
    case "coalition.updated": return `${actor} edited the coalition's settings`;
    case "coalition.archived": return `${actor} archived the coalition`;
    case "coalition.unarchived": return `${actor} brought the coalition back from the archive`;
    case "thread.locked": return `${actor} locked the thread “${TEXT(d.title)}”`;
    case "thread.unlocked": return `${actor} unlocked the thread “${TEXT(d.title)}”`;
    case "thread.pinned": return `${actor} pinned the thread “${TEXT(d.title)}”`;
    case "thread.unpinned": return `${actor} unpinned the thread “${TEXT(d.title)}”`;
    case "thread.moved_out": return `${actor} moved the thread “${TEXT(d.title)}” to another coalition`;
    case "thread.moved_in": return `${actor} moved the thread “${TEXT(d.title)}” here from another coalition`;
    case "post.hidden": return `${actor} hid post #${TEXT(d.postNumber)} in “${TEXT(d.title)}”`;
    case "post.unhidden": return `${actor} restored post #${TEXT(d.postNumber)} in “${TEXT(d.title)}”`;
    default: return `${actor}: ${action}`;
  }
}

/** One page (1-based) of a coalition's audit log, newest first, as sentences. */
export async function auditPage(coalitionId: string, page: number) {
  const db = getDb();
  const total = await countAuditEvents(db, coalitionId);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const rows = await listAuditEvents(db, coalitionId, AUDIT_PAGE_SIZE, (current - 1) * AUDIT_PAGE_SIZE);
  const entries = rows.map((r) => {
    let detail: Record<string, unknown> = {};
    try {
      detail = r.detail ? JSON.parse(r.detail) : {};
    } catch {
      detail = {};
    }
    const actor = r.actor_name ?? "A deleted account";
    const subject = r.subject_name ?? r.subject_email ?? r.subject_user_email ?? "someone";
    return { id: Number(r.id), action: r.action, at: r.created_at, text: describe(r.action, actor, subject, detail), reason: r.reason };
  });
  return { entries, page: current, pages, total };
}
