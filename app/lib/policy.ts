import { can, type Action, type CoalitionState, type PrincipalRole } from "./permissions";
import { ROLE_RANK, ROLES_ASCENDING, type CoalitionRole } from "../../common/roles";
import type { ThreadAudience } from "./thread-audience";
import { t } from "./i18n/messages";

/**
 * THE answer to "may this actor do this to this object". The role × action table
 * (permissions.ts) says what each role may do in a coalition in a given state; this module adds
 * the rules that look at the object itself: an archived document, a locked thread, a post's
 * author, the last coordinator. Routes, models and the collaboration server all ask `decide()`
 * (or a wrapper of it); none of them re-derives a rule.
 */

export type RefusalStatus = 400 | 403 | 404 | 409 | 410;

/** Why something was refused: the HTTP status it maps to, the message, and the form field it concerns. */
export interface Refusal {
  ok: false;
  status: RefusalStatus;
  message: string;
  /** The form field the message belongs under. */
  field?: string;
  /** Per-field messages when a form shows more than the one message (the message then goes above the form). */
  fieldErrors?: Record<string, string>;
}

export type Decision = { ok: true } | Refusal;

export function refusal(status: RefusalStatus, message: string, field?: string): Refusal {
  return field === undefined ? { ok: false, status, message } : { ok: false, status, message, field };
}

/** Who acts: the user (null when not signed in) and their roles in the coalition at hand. */
export interface Actor {
  userId: string | null;
  roles: readonly PrincipalRole[];
}

/** What is acted on: the coalition's state and, where the rule depends on it, the object's. */
export interface Target {
  coalition: CoalitionState;
  document?: { archived: boolean };
  /** `audience` "members": only the coalition's members (any role) and site administrators reach it. */
  thread?: { locked: boolean; audience: ThreadAudience };
  /** A published version: withdrawn or not. */
  version?: { withdrawn: boolean };
  /** A public consultation (issue 26): closed by a coordinator or by its date passing. */
  consultation?: { closed: boolean };
  /** A decision on a version (issue 24): still open, and whether observers may take part. */
  decision?: { open: boolean; observers: boolean };
  post?: { authorId: string | null; deleted: boolean };
  /** A comment on a draft (issue 23): its author. */
  comment?: { authorId: string | null };
  /** A membership change: the person's role now, their role afterwards (null: they leave), coordinators now. */
  membership?: { role: CoalitionRole; next: CoalitionRole | null; coordinators: number };
}

// The refusals' words, in the language of the request that is refused (hence functions, not constants).
export const notFoundMessage = () => t("policy.notFound");
export const archivedCoalitionMessage = () => t("policy.archivedCoalition");
export const roleDeniedMessage = () => t("policy.roleDenied");
export const lockedThreadMessage = () => t("policy.lockedThread");
export const lockedPostMessage = () => t("policy.lockedPost");
export const threadNotFoundMessage = () => t("policy.threadNotFound");
export const alreadyWithdrawnMessage = () => t("policy.alreadyWithdrawn");
export const lastCoordinatorMessage = () => t("policy.lastCoordinator");

/** Actions that change a document's content: refused while the document is archived. */
const ARCHIVED_DOCUMENT: Partial<Record<Action, () => Refusal>> = {
  "document:edit": () => refusal(400, t("policy.archivedDocument.rename"), "title"),
  "version:publish": () => refusal(400, t("policy.archivedDocument.publish"), "label"),
  "version:restore": () => refusal(409, t("policy.archivedDocument.restore")),
  "comment:create": () => refusal(409, t("comments.error.archived")),
  "comment:edit": () => refusal(409, t("comments.error.archived")),
};

/** Actions on a post that only its author may take. */
const AUTHOR_ONLY: Partial<Record<Action, () => string>> = {
  "post:edit": () => t("policy.authorOnly.edit"),
  "post:delete": () => t("policy.authorOnly.delete"),
};

/** Actions refused in a locked thread: a lock freezes the thread as it stands, authors' own posts included. */
const LOCKED_REFUSES: Partial<Record<Action, () => string>> = { "post:create": lockedThreadMessage, "post:edit": lockedPostMessage, "post:delete": lockedPostMessage };

/** Actions that are not about a coalition: its visibility does not hide them. */
const SITE_ACTIONS: ReadonlySet<Action> = new Set<Action>(["site:admin", "coalition:create", "metrics:read"]);

/**
 * Who a members-only thread reaches: every coalition role (observer, member, coordinator) and
 * site administrators, whatever the coalition's visibility. Everyone else is told it does not
 * exist (404), for every action on it, so its title never shows.
 */
const MEMBERS_AUDIENCE: ReadonlySet<PrincipalRole> = new Set<PrincipalRole>([...ROLES_ASCENDING, "admin"]);

/** May these roles reach a thread with this audience (the coalition's own rules aside)? */
export function reachesAudience(roles: readonly PrincipalRole[], audience: ThreadAudience): boolean {
  return audience === "public" || roles.some((r) => MEMBERS_AUDIENCE.has(r));
}

/** Would this membership change leave the coalition without a coordinator? */
export function lastCoordinatorRefusal(m: NonNullable<Target["membership"]>): Refusal | null {
  if (m.role !== "coordinator" || (m.next !== null && ROLE_RANK[m.next] >= ROLE_RANK.coordinator)) return null;
  return m.coordinators <= 1 ? refusal(409, lastCoordinatorMessage()) : null;
}

/**
 * May the actor do this to this object? A coalition the actor may not see answers 404 (private
 * coalitions do not reveal that they exist), a missing right 403, an object in the wrong state
 * 400 or 409. An anonymous actor's 403 is where routes ask to sign in (see `refusalResponse`).
 */
export function decide(actor: Actor, action: Action, target: Target = { coalition: { visibility: "private" } }): Decision {
  const { coalition } = target;
  if (!SITE_ACTIONS.has(action) && !can(actor.roles, "coalition:view", coalition)) return refusal(404, notFoundMessage());
  if (target.thread && !reachesAudience(actor.roles, target.thread.audience)) return refusal(404, threadNotFoundMessage());
  if (!can(actor.roles, action, coalition)) return refusal(403, coalition.archived ? archivedCoalitionMessage() : roleDeniedMessage());
  if (target.document?.archived) {
    const refused = ARCHIVED_DOCUMENT[action];
    if (refused) return refused();
  }
  if (target.version?.withdrawn && action === "version:withdraw") return refusal(409, alreadyWithdrawnMessage());
  if (target.version?.withdrawn && action === "translation:start") return refusal(409, t("translations.error.withdrawn"));
  if (target.version?.withdrawn && action === "endorsement:create") return refusal(409, t("endorsements.error.withdrawnVersion"));
  if (target.consultation?.closed && action === "consultation:comment") return refusal(409, t("consultation.error.closed"));
  if (target.version?.withdrawn && action === "consultation:manage") return refusal(409, t("consultation.error.withdrawn"));
  if (target.version?.withdrawn && action === "decision:open") return refusal(409, t("decisions.error.withdrawnVersion"));
  if (target.decision) {
    if (action === "decision:take-part" && !target.decision.observers && !actor.roles.some((r) => r === "member" || r === "coordinator")) return refusal(403, t("decisions.error.observersNotInvited"));
    if ((action === "decision:take-part" || action === "decision:close" || action === "decision:open") && !target.decision.open) return refusal(409, t("decisions.error.closed"));
  }
  if (target.post) {
    const authorOnly = AUTHOR_ONLY[action];
    if (authorOnly && (actor.userId === null || target.post.authorId !== actor.userId)) return refusal(403, authorOnly());
    if (action === "post:edit" && target.post.deleted) return refusal(409, t("policy.postDeleted"));
  }
  if (target.comment && (action === "comment:edit" || action === "comment:delete")) {
    if (actor.userId === null || target.comment.authorId !== actor.userId) {
      // Coordinators delete anyone's comment (audited by the model); nobody edits another's words.
      if (!(action === "comment:delete" && can(actor.roles, "comment:moderate", coalition))) return refusal(403, t("comments.error.authorOnly"));
    }
  }
  const locked = target.thread?.locked ? LOCKED_REFUSES[action] : undefined;
  if (locked) return refusal(409, locked());
  if (target.membership) {
    const last = lastCoordinatorRefusal(target.membership);
    if (last) return last;
  }
  return { ok: true };
}

/** `decide()` as a yes/no, for ability maps and the collaboration server. */
export function allows(actor: Actor, action: Action, target?: Target): boolean {
  return decide(actor, action, target).ok;
}

/**
 * What a user may do with a document in the editor (and over the websocket): see the coalition
 * at all, read the document, edit it (never while it or its coalition is archived).
 */
export function documentRights(actor: Actor, coalition: CoalitionState, document: { archived: boolean }) {
  const target = { coalition, document };
  return {
    visible: can(actor.roles, "coalition:view", coalition),
    read: allows(actor, "document:read", target),
    edit: allows(actor, "document:read", target) && allows(actor, "document:edit", target),
  };
}
