import { getDb } from "../../db/client";
import { now } from "../../db/ids";
import { countAuditEvents, insertAuditEvent, listAuditEvents } from "../../db/queries/audit";
import type { Executor } from "../../db/queries/users";
import { isAuditAction, type AuditAction } from "../../common/audit-actions";
import { isLocale } from "../../common/locales";
import { t } from "../lib/i18n/messages";

export type { AuditAction };

export interface AuditInput {
  /** Null for a site-wide action (a site administrator's, e.g. the forum calendar; an account's own). */
  coalitionId: string | null;
  actorId: string | null;
  subjectUserId?: string | null;
  subjectEmail?: string | null;
  action: AuditAction;
  reason?: string | null;
  detail?: Record<string, unknown>;
  /** When it happened (defaults to now; pass the change's own timestamp to keep them equal). */
  at?: string;
}

/** THE audit writer: one row, inside the transaction that makes the change (pass that transaction). */
export async function writeAudit(db: Executor, input: AuditInput): Promise<void> {
  await insertAuditEvent(db, {
    coalition_id: input.coalitionId,
    actor_id: input.actorId,
    subject_user_id: input.subjectUserId ?? null,
    subject_email: input.subjectEmail ?? null,
    action: input.action,
    reason: input.reason ?? null,
    detail: input.detail ? JSON.stringify(input.detail) : null,
    created_at: input.at ?? now(),
  });
}

export const AUDIT_PAGE_SIZE = 20;

const ROLE = (r: unknown) => (typeof r === "string" ? r : "?");

const LANGUAGE = (v: unknown) => (isLocale(v) ? t(`translations.language.${v}`) : "?");

const TEXT = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "?");

type Sentence = (actor: string, subject: string, d: Record<string, unknown>) => string;

/** The log's sentence for each audited action; a new action without one does not compile. */
const SENTENCES: Record<AuditAction, Sentence> = {
  "join_request.created": (_, subject) => `${subject} asked to join`,
  "join_request.withdrawn": (_, subject) => `${subject} withdrew their request to join`,
  "join_request.approved": (actor, subject, d) => `${actor} approved ${subject}'s request as ${ROLE(d.role)}`,
  "join_request.declined": (actor, subject) => `${actor} declined ${subject}'s request`,
  "member.joined": (_, subject, d) => `${subject} joined as ${ROLE(d.role)}`,
  "member.role_changed": (actor, subject, d) => `${actor} changed ${subject}'s role from ${ROLE(d.from)} to ${ROLE(d.to)}`,
  "member.removed": (actor, subject, d) => `${actor} removed ${subject} (was ${ROLE(d.role)})`,
  "member.left": (_, subject, d) => `${subject} left the coalition (was ${ROLE(d.role)})`,
  "invitation.created": (actor, subject, d) => `${actor} invited ${subject} as ${ROLE(d.role)}`,
  "invitation.revoked": (actor, subject) => `${actor} revoked the invitation to ${subject}`,
  "invitation.accepted": (_, subject, d) => `${subject} accepted the invitation as ${ROLE(d.role)}`,
  "coordinator.appointed": (actor, subject) => `${actor} appointed ${subject} coordinator`,
  "coalition.created": (actor) => `${actor} created the coalition`,
  "coalition.updated": (actor) => `${actor} edited the coalition's settings`,
  "coalition.archived": (actor) => `${actor} archived the coalition`,
  "coalition.unarchived": (actor) => `${actor} brought the coalition back from the archive`,
  "thread.locked": (actor, _, d) => `${actor} locked the thread “${TEXT(d.title)}”`,
  "thread.unlocked": (actor, _, d) => `${actor} unlocked the thread “${TEXT(d.title)}”`,
  "thread.pinned": (actor, _, d) => `${actor} pinned the thread “${TEXT(d.title)}”`,
  "thread.unpinned": (actor, _, d) => `${actor} unpinned the thread “${TEXT(d.title)}”`,
  "thread.moved_out": (actor, _, d) => `${actor} moved the thread “${TEXT(d.title)}” to another coalition`,
  "thread.moved_in": (actor, _, d) => `${actor} moved the thread “${TEXT(d.title)}” here from another coalition`,
  "thread.document_changed": (actor, _, d) =>
    d.to ? `${actor} moved the thread “${TEXT(d.title)}” to the document “${TEXT(d.to)}”` : `${actor} moved the thread “${TEXT(d.title)}” out of its document`,
  "thread.audience_changed": (actor, _, d) =>
    `${actor} made the thread “${TEXT(d.title)}” ${d.audience === "members" ? "members only" : "public"}`,
  "post.hidden": (actor, _, d) => `${actor} hid post #${TEXT(d.postNumber)} in “${TEXT(d.title)}”`,
  "post.unhidden": (actor, _, d) => `${actor} restored post #${TEXT(d.postNumber)} in “${TEXT(d.title)}”`,
  "version.withdrawn": (actor, _, d) => `${actor} withdrew version ${TEXT(d.number)} of “${TEXT(d.title)}”: ${TEXT(d.reason)}`,
  "translation.started": (actor, _, d) => `${actor} started a translation into ${LANGUAGE(d.language)} of version ${TEXT(d.number)} of “${TEXT(d.title)}”`,
  "output.language_adopted": (actor, _, d) => `${actor} recorded that “${TEXT(d.title)}” was adopted in ${LANGUAGE(d.language)}`,
  "job.retried": (actor, _, d) => `${actor} retried the dead ${TEXT(d.kind)} job #${TEXT(d.jobId)}`,
  "password.reset": (_, subject) => `${subject} reset their password through a mailed link`,
  "calendar_event.created": (actor, _, d) => `${actor} added “${TEXT(d.title)}” to the forum calendar`,
  "calendar_event.updated": (actor, _, d) => `${actor} changed “${TEXT(d.title)}” in the forum calendar`,
  "calendar_event.deleted": (actor, _, d) => `${actor} removed “${TEXT(d.title)}” from the forum calendar`,
  "meeting.created": (actor, _, d) => `${actor} scheduled the meeting “${TEXT(d.title)}”`,
  "meeting.updated": (actor, _, d) => `${actor} changed the meeting “${TEXT(d.title)}”`,
  "meeting.deleted": (actor, _, d) => `${actor} cancelled the meeting “${TEXT(d.title)}”`,
  "meeting.attendance_recorded": (actor, _, d) => `${actor} recorded ${TEXT(d.count)} present at the meeting “${TEXT(d.title)}”`,
};

/** One audit row as a sentence. Rows written by an older version with an action no longer listed still read. */
export function describe(action: string, actor: string, subject: string, d: Record<string, unknown>): string {
  return isAuditAction(action) ? SENTENCES[action](actor, subject, d) : `${actor}: ${action}`;
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
