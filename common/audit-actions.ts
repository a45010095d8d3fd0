/**
 * THE list of audited actions: what the coalition's audit log (read by coordinators) records.
 * `writeAudit` accepts only these, the database layer stores only these, and the log's sentences
 * (`describe` in app/models/audit.server.ts) must cover each: adding one here makes the compiler
 * ask for its sentence.
 */
export const AUDIT_ACTIONS = [
  // membership
  "join_request.created",
  "join_request.withdrawn",
  "join_request.approved",
  "join_request.declined",
  "member.joined",
  "member.role_changed",
  "member.removed",
  "member.left",
  "invitation.created",
  "invitation.revoked",
  "invitation.accepted",
  "coordinator.appointed",
  // the coalition itself
  "coalition.created",
  "coalition.updated",
  "coalition.archived",
  "coalition.unarchived",
  // thread moderation
  "thread.locked",
  "thread.unlocked",
  "thread.pinned",
  "thread.unpinned",
  "thread.moved_out",
  "thread.moved_in",
  "thread.document_changed",
  "thread.audience_changed",
  "post.hidden",
  "post.unhidden",
  // published outputs
  "version.withdrawn",
  "translation.started",
  "output.language_adopted",
  // decisions on a version (issue 24)
  "decision.opened",
  "decision.stance_taken",
  "decision.closed",
  "decision.restarted",
  // site administration (rows without a coalition)
  "job.retried",
  // accounts (rows without a coalition)
  "password.reset",
  // the calendar: the forum's events (no coalition) and coalition meetings
  "calendar_event.created",
  "calendar_event.updated",
  "calendar_event.deleted",
  "meeting.created",
  "meeting.updated",
  "meeting.deleted",
  "meeting.attendance_recorded",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === "string" && (AUDIT_ACTIONS as readonly string[]).includes(value);
}
