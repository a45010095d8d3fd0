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
  // the draft's timeline (issue 23)
  "timeline.restored",
  // endorsements of published outputs (issue 24)
  "endorsement.added",
  "endorsement.reconfirmed",
  "endorsement.withdrawn",
  "endorsement.verified",
  "endorsement.unverified",
  // public consultations (issue 26)
  "consultation.opened",
  "consultation.closed",
  "consultation.comment_hidden",
  // decisions on a version (issue 24)
  "decision.opened",
  "decision.stance_taken",
  "decision.closed",
  "decision.restarted",
  // site administration (rows without a coalition)
  "job.retried",
  // accounts (rows without a coalition)
  "password.reset",
  "account.deleted",
  "second_factor.added",
  "second_factor.removed",
  "recovery_codes.regenerated",
  "recovery_code.used",
  // the calendar: the forum's events (no coalition) and coalition meetings
  "calendar_event.created",
  "calendar_event.updated",
  "calendar_event.deleted",
  "meeting.created",
  "meeting.updated",
  "meeting.deleted",
  "meeting.attendance_recorded",
  // the annual report and the compliance checklist (issue 25)
  "report.drafted",
  "report.session_marked",
  "compliance.coordination_recorded",
  // comments on drafts (issue 23)
  "comment.resolved",
  "comment.reopened",
  "comment.deleted",
  // suggestions (track changes) on drafts (issue 23)
  "suggestion.accepted",
  "suggestion.rejected",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === "string" && (AUDIT_ACTIONS as readonly string[]).includes(value);
}
