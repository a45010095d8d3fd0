import { getDb } from "../../db/client";
import { outcomeWord, stanceWord } from "../lib/decisions";
import { now } from "../../db/ids";
import { countAuditEvents, insertAuditEvent, listAuditEvents } from "../../db/queries/audit";
import type { Executor } from "../../db/queries/users";
import { isAuditAction, type AuditAction } from "../../common/audit-actions";
import { isLocale } from "../../common/locales";
import { isCoalitionRole } from "../../common/roles";
import { t } from "../lib/i18n/messages";
import { roleWord } from "../lib/i18n/vocabulary";

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

/** A role as the log names it: the role's word in the current language, or the stored text. */
const ROLE = (r: unknown) => (isCoalitionRole(r) ? roleWord(r) : typeof r === "string" ? r : "?");

const LANGUAGE = (v: unknown) => (isLocale(v) ? t(`translations.language.${v}`) : "?");

const TEXT = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "?");

type Sentence = (actor: string, subject: string, d: Record<string, unknown>) => string;

/** The log's sentence for each audited action, in the current language; a new action without one does not compile. */
const SENTENCES: Record<AuditAction, Sentence> = {
  "join_request.created": (_, subject) => t("audit.join_request.created", { subject }),
  "join_request.withdrawn": (_, subject) => t("audit.join_request.withdrawn", { subject }),
  "join_request.approved": (actor, subject, d) => t("audit.join_request.approved", { actor, subject, role: ROLE(d.role) }),
  "join_request.declined": (actor, subject) => t("audit.join_request.declined", { actor, subject }),
  "member.joined": (_, subject, d) => t("audit.member.joined", { subject, role: ROLE(d.role) }),
  "member.role_changed": (actor, subject, d) => t("audit.member.role_changed", { actor, subject, from: ROLE(d.from), to: ROLE(d.to) }),
  "member.removed": (actor, subject, d) => t("audit.member.removed", { actor, subject, role: ROLE(d.role) }),
  "member.left": (_, subject, d) => t("audit.member.left", { subject, role: ROLE(d.role) }),
  "invitation.created": (actor, subject, d) => t("audit.invitation.created", { actor, subject, role: ROLE(d.role) }),
  "invitation.revoked": (actor, subject) => t("audit.invitation.revoked", { actor, subject }),
  "invitation.accepted": (_, subject, d) => t("audit.invitation.accepted", { subject, role: ROLE(d.role) }),
  "coordinator.appointed": (actor, subject) => t("audit.coordinator.appointed", { actor, subject }),
  "coalition.created": (actor) => t("audit.coalition.created", { actor }),
  "coalition.updated": (actor) => t("audit.coalition.updated", { actor }),
  "coalition.archived": (actor) => t("audit.coalition.archived", { actor }),
  "coalition.unarchived": (actor) => t("audit.coalition.unarchived", { actor }),
  "thread.locked": (actor, _, d) => t("audit.thread.locked", { actor, title: TEXT(d.title) }),
  "thread.unlocked": (actor, _, d) => t("audit.thread.unlocked", { actor, title: TEXT(d.title) }),
  "thread.pinned": (actor, _, d) => t("audit.thread.pinned", { actor, title: TEXT(d.title) }),
  "thread.unpinned": (actor, _, d) => t("audit.thread.unpinned", { actor, title: TEXT(d.title) }),
  "thread.moved_out": (actor, _, d) => t("audit.thread.moved_out", { actor, title: TEXT(d.title) }),
  "thread.moved_in": (actor, _, d) => t("audit.thread.moved_in", { actor, title: TEXT(d.title) }),
  "thread.document_changed": (actor, _, d) =>
    d.to ? t("audit.thread.document_changed.to", { actor, title: TEXT(d.title), document: TEXT(d.to) }) : t("audit.thread.document_changed.out", { actor, title: TEXT(d.title) }),
  "thread.audience_changed": (actor, _, d) =>
    t("audit.thread.audience_changed", { actor, title: TEXT(d.title), audience: d.audience === "members" ? "members" : "public" }),
  "post.hidden": (actor, _, d) => t("audit.post.hidden", { actor, number: TEXT(d.postNumber), title: TEXT(d.title) }),
  "post.unhidden": (actor, _, d) => t("audit.post.unhidden", { actor, number: TEXT(d.postNumber), title: TEXT(d.title) }),
  "timeline.restored": (actor, _, d) => t("timeline.audit.restored", { actor, point: TEXT(d.point), title: TEXT(d.title) }),
  "version.withdrawn": (actor, _, d) => t("audit.version.withdrawn", { actor, number: TEXT(d.number), title: TEXT(d.title), reason: TEXT(d.reason) }),
  "consultation.opened": (actor, _, d) => t("consultation.audit.opened", { actor, number: TEXT(d.number), title: TEXT(d.title) }),
  "consultation.closed": (actor, _, d) => t("consultation.audit.closed", { actor, number: TEXT(d.number), title: TEXT(d.title) }),
  "consultation.comment_hidden": (actor, _, d) => t("consultation.audit.commentHidden", { actor, paragraph: TEXT(d.paragraph), reason: TEXT(d.reason) }),
  "comment.resolved": (actor, _, d) => t("comments.audit.resolved", { actor, title: TEXT(d.title), quote: TEXT(d.quote) }),
  "comment.reopened": (actor, _, d) => t("comments.audit.reopened", { actor, title: TEXT(d.title), quote: TEXT(d.quote) }),
  "comment.deleted": (actor, subject, d) => t("comments.audit.deleted", { actor, subject, title: TEXT(d.title), quote: TEXT(d.quote) }),
  "suggestion.accepted": (actor, _, d) => t("audit.suggestion.accepted", { actor, author: TEXT(d.author), title: TEXT(d.title), kind: d.kind === "insert" ? "insert" : "delete", text: TEXT(d.text) }),
  "suggestion.rejected": (actor, _, d) => t("audit.suggestion.rejected", { actor, author: TEXT(d.author), title: TEXT(d.title), kind: d.kind === "insert" ? "insert" : "delete", text: TEXT(d.text) }),
  "decision.opened": (actor, _, d) => t("decisions.audit.opened", { actor, question: TEXT(d.question), number: TEXT(d.number), title: TEXT(d.title) }),
  "decision.stance_taken": (actor, _, d) => (d.anonymous ? t("decisions.audit.stanceAnonymous", { question: TEXT(d.question), count: Number(d.count ?? 0) }) : t("decisions.audit.stance", { actor, question: TEXT(d.question), stance: stanceWord(d.stance) })),
  "decision.closed": (actor, _, d) => t("decisions.audit.closed", { actor, question: TEXT(d.question), outcome: outcomeWord(d.outcome), early: d.early ? "yes" : "no" }),
  "decision.restarted": (actor, _, d) => t("decisions.audit.restarted", { actor, question: TEXT(d.question), number: TEXT(d.number) }),
  "job.retried": (actor, _, d) => t("audit.job.retried", { actor, kind: TEXT(d.kind), id: TEXT(d.jobId) }),
  "password.reset": (_, subject) => t("audit.password.reset", { subject }),
  "account.deleted": () => t("deletion.audit"),
  "second_factor.added": (actor, _, d) => (d.kind === "passkey" ? t("security.audit.passkeyAdded", { actor, name: TEXT(d.name) }) : t("security.audit.totpAdded", { actor })),
  "second_factor.removed": (actor, _, d) => (d.kind === "passkey" ? t("security.audit.passkeyRemoved", { actor, name: TEXT(d.name) }) : t("security.audit.totpRemoved", { actor })),
  "recovery_codes.regenerated": (actor) => t("security.audit.codesRegenerated", { actor }),
  "recovery_code.used": (actor) => t("security.audit.codeUsed", { actor }),
  "calendar_event.created": (actor, _, d) => t("audit.calendar_event.created", { actor, title: TEXT(d.title) }),
  "calendar_event.updated": (actor, _, d) => t("audit.calendar_event.updated", { actor, title: TEXT(d.title) }),
  "calendar_event.deleted": (actor, _, d) => t("audit.calendar_event.deleted", { actor, title: TEXT(d.title) }),
  "meeting.created": (actor, _, d) => t("audit.meeting.created", { actor, title: TEXT(d.title) }),
  "meeting.updated": (actor, _, d) => t("audit.meeting.updated", { actor, title: TEXT(d.title) }),
  "meeting.deleted": (actor, _, d) => t("audit.meeting.deleted", { actor, title: TEXT(d.title) }),
  "meeting.attendance_recorded": (actor, _, d) => t("audit.meeting.attendance_recorded", { actor, count: TEXT(d.count), title: TEXT(d.title) }),
  "translation.started": (actor, _, d) => t("audit.translation.started", { actor, language: LANGUAGE(d.language), number: TEXT(d.number), title: TEXT(d.title) }),
  "output.language_adopted": (actor, _, d) => t("audit.output.language_adopted", { actor, title: TEXT(d.title), language: LANGUAGE(d.language) }),
  "endorsement.added": (actor, _, d) => (typeof d.organisation === "string" ? t("endorsements.audit.addedFor", { actor, organisation: d.organisation, number: TEXT(d.number), title: TEXT(d.title) }) : t("endorsements.audit.added", { actor, number: TEXT(d.number), title: TEXT(d.title) })),
  "endorsement.reconfirmed": (actor, _, d) => t("endorsements.audit.reconfirmed", { actor, number: TEXT(d.number), previous: TEXT(d.previousNumber), title: TEXT(d.title) }),
  "endorsement.withdrawn": (actor, _, d) => t("endorsements.audit.withdrawn", { actor, number: TEXT(d.number), title: TEXT(d.title) }),
  "endorsement.verified": (actor, subject, d) => t("endorsements.audit.verified", { actor, subject, organisation: TEXT(d.organisation), number: TEXT(d.number), title: TEXT(d.title) }),
  "endorsement.unverified": (actor, subject, d) => t("endorsements.audit.unverified", { actor, subject, organisation: TEXT(d.organisation), number: TEXT(d.number), title: TEXT(d.title) }),
  "report.drafted": (actor, _, d) => t("report.audit.drafted", { actor, year: TEXT(d.year), title: TEXT(d.title) }),
  "report.session_marked": (actor, _, d) => t("report.audit.sessionMarked", { actor, year: TEXT(d.year), title: TEXT(d.title) }),
  "compliance.coordination_recorded": (actor, _, d) => t(d.attended ? "compliance.audit.attended" : "compliance.audit.notAttended", { actor, title: TEXT(d.title) }),
};

/** One audit row as a sentence. Rows written by an older version with an action no longer listed still read. */
export function describe(action: string, actor: string, subject: string, d: Record<string, unknown>): string {
  return isAuditAction(action) ? SENTENCES[action](actor, subject, d) : t("audit.unknownAction", { actor, action });
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
    const actor = r.actor_name ?? t("audit.deletedAccount");
    const subject = r.subject_name ?? r.subject_email ?? r.subject_user_email ?? t("audit.someone");
    return { id: Number(r.id), action: r.action, at: r.created_at, text: describe(r.action, actor, subject, detail), reason: r.reason };
  });
  return { entries, page: current, pages, total };
}
