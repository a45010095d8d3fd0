/**
 * THE role × action table. Every route, the collaboration server and the UI's ability
 * maps ask `can()`; no other file decides who may do what.
 *
 * A principal's roles: "anonymous" (not signed in), "user" (signed in, not a member),
 * "observer" / "member" / "coordinator" (membership in the coalition at hand), and "admin"
 * (site administrator; held in addition to any membership role).
 *
 * A cell is `true` (allowed), `false` (denied), `"public"` (allowed only when the
 * coalition is public) or `"commenting"` (allowed only when the coalition lets observers comment).
 */

import { COALITION_ROLES, isCoalitionRole, ROLES_ASCENDING, type CoalitionRole } from "../../common/roles";

export { COALITION_ROLES, isCoalitionRole, type CoalitionRole };
export const PRINCIPAL_ROLES = ["anonymous", "user", ...ROLES_ASCENDING, "admin"] as const;
export type PrincipalRole = "anonymous" | "user" | CoalitionRole | "admin";
export type Visibility = "public" | "private";

export const ACTIONS = [
  // coalition
  "coalition:view", // see the coalition page (private coalitions are invisible: 404)
  "coalition:create",
  "coalition:edit", // name, description, visibility, join policy
  "coalition:archive",
  "coalition:appoint-coordinator",
  // membership
  "member:list", // the members page: names, organizations, groups, regions, roles
  "member:view-email",
  "member:join", // request to join / join an open coalition
  "member:leave",
  "member:manage", // approve/decline requests, invite, change roles, remove, revoke invitations
  "audit:read",
  // documents (drafts are never public)
  "document:read",
  "document:create",
  "document:edit", // write through the editor, rename
  "document:archive", // archive and restore
  // published outputs
  "version:read",
  "version:compare",
  "version:publish",
  "version:restore",
  "version:withdraw", // mark a published version withdrawn, with a reason (it stays readable)
  "translation:start", // start a translation of a published version into another language (a new document)
  "translation:adopt-language", // say which language an output was adopted in
  "endorsement:create", // endorse a published version as oneself or for an organisation (signed-in people who can see it)
  "endorsement:withdraw", // withdraw one's own endorsement (also in an archived coalition: withdraw at any time)
  "endorsement:verify", // mark an organisation endorsement verified, or not
  // public consultation on a published version (issue 26)
  "consultation:read", // the consultation page, its comments and its disposition table
  "consultation:comment", // comment on a paragraph, reply (anyone signed in, member or not, when public)
  "consultation:manage", // open, answer comments, hide a comment, close
  "decision:open", // open a decision (consent, consensus, silence, poll) on a published version; restart it
  "decision:take-part", // take or change a stance (observers only when the decision lets them: policy.ts)
  "decision:close", // close a decision early, with a reason
  // threads
  "thread:read",
  "thread:create",
  "post:create",
  "post:edit", // edit one's own post (the author rule is in policy.ts)
  "post:delete", // delete one's own post
  "thread:moderate", // lock, unlock, pin, move, hide posts, read revisions
  // the coalition's calendar (meetings)
  "event:read", // the calendar page and its ICS feed
  "event:create", // schedule a meeting
  "event:edit", // change or cancel a meeting, create its agenda and minutes, record attendance
  // the IGF cycle (issue 25)
  "report:draft", // draft the annual report, mark a document as the session report for a year
  "compliance:record", // record the coalition's attendance at forum coordination-group meetings
  // comments on a draft (issue 23): never a write to the document itself
  "comment:create", // comment on selected text, reply, resolve and reopen
  "comment:edit", // edit one's own comment (the author rule is in policy.ts)
  "comment:delete", // delete one's own comment
  "comment:moderate", // delete anyone's comment (audited)
  // site
  "metrics:read",
  "site:admin", // the site-administration pages (what `requireSiteAdmin` asks); not tied to a coalition
] as const;
export type Action = (typeof ACTIONS)[number];

type Cell = boolean | "public" | "commenting";
const Y = true;
const N = false;
const P = "public";
const C = "commenting";

/** One action's answer per principal role. Named, not positional: a new role is a missing key in every row. */
type Row = { readonly [R in PrincipalRole]: Cell };

// Reading this table top to bottom is the role × action policy; rules about an object's own
// state (an archived document, a locked thread, a post's author, one's own membership) are in
// policy.ts, which asks this table first.
const TABLE: { readonly [A in Action]: Row } = {
  "coalition:view":               { anonymous: P, user: P, observer: Y, member: Y, coordinator: Y, admin: Y },
  "coalition:create":             { anonymous: N, user: N, observer: N, member: N, coordinator: N, admin: Y },
  "coalition:edit":               { anonymous: N, user: N, observer: N, member: N, coordinator: Y, admin: Y },
  "coalition:archive":            { anonymous: N, user: N, observer: N, member: N, coordinator: N, admin: Y },
  "coalition:appoint-coordinator":{ anonymous: N, user: N, observer: N, member: N, coordinator: N, admin: Y },
  "member:list":                  { anonymous: P, user: P, observer: Y, member: Y, coordinator: Y, admin: Y },
  "member:view-email":            { anonymous: N, user: N, observer: N, member: N, coordinator: Y, admin: Y },
  "member:join":                  { anonymous: N, user: P, observer: N, member: N, coordinator: N, admin: N },
  "member:leave":                 { anonymous: N, user: N, observer: Y, member: Y, coordinator: Y, admin: N },
  "member:manage":                { anonymous: N, user: N, observer: N, member: N, coordinator: Y, admin: Y },
  "audit:read":                   { anonymous: N, user: N, observer: N, member: N, coordinator: Y, admin: Y },
  "document:read":                { anonymous: N, user: N, observer: Y, member: Y, coordinator: Y, admin: N },
  "document:create":              { anonymous: N, user: N, observer: N, member: Y, coordinator: Y, admin: N },
  "document:edit":                { anonymous: N, user: N, observer: N, member: Y, coordinator: Y, admin: N },
  "document:archive":             { anonymous: N, user: N, observer: N, member: N, coordinator: Y, admin: N },
  "version:read":                 { anonymous: P, user: P, observer: Y, member: Y, coordinator: Y, admin: Y },
  "version:compare":              { anonymous: N, user: N, observer: N, member: Y, coordinator: Y, admin: N },
  "version:publish":              { anonymous: N, user: N, observer: N, member: N, coordinator: Y, admin: N },
  "version:restore":              { anonymous: N, user: N, observer: N, member: N, coordinator: Y, admin: N },
  "version:withdraw":             { anonymous: N, user: N, observer: N, member: N, coordinator: Y, admin: N },
  "translation:start":            { anonymous: N, user: N, observer: N, member: Y, coordinator: Y, admin: N },
  "translation:adopt-language":   { anonymous: N, user: N, observer: N, member: N, coordinator: Y, admin: N },
  "endorsement:create":           { anonymous: N, user: P, observer: Y, member: Y, coordinator: Y, admin: Y },
  "endorsement:withdraw":         { anonymous: N, user: P, observer: Y, member: Y, coordinator: Y, admin: Y },
  "endorsement:verify":           { anonymous: N, user: N, observer: N, member: N, coordinator: Y, admin: N },
  "consultation:read":            { anonymous: P, user: P, observer: Y, member: Y, coordinator: Y, admin: Y },
  "consultation:comment":         { anonymous: N, user: P, observer: Y, member: Y, coordinator: Y, admin: N },
  "consultation:manage":          { anonymous: N, user: N, observer: N, member: N, coordinator: Y, admin: N },
  "decision:open":                { anonymous: N, user: N, observer: N, member: N, coordinator: Y, admin: N },
  "decision:take-part":           { anonymous: N, user: N, observer: Y, member: Y, coordinator: Y, admin: N },
  "decision:close":               { anonymous: N, user: N, observer: N, member: N, coordinator: Y, admin: N },
  "thread:read":                  { anonymous: P, user: P, observer: Y, member: Y, coordinator: Y, admin: Y },
  "thread:create":                { anonymous: N, user: N, observer: N, member: Y, coordinator: Y, admin: N },
  "post:create":                  { anonymous: N, user: N, observer: N, member: Y, coordinator: Y, admin: N },
  "post:edit":                    { anonymous: N, user: N, observer: N, member: Y, coordinator: Y, admin: N },
  "post:delete":                  { anonymous: N, user: N, observer: N, member: Y, coordinator: Y, admin: N },
  "thread:moderate":              { anonymous: N, user: N, observer: N, member: N, coordinator: Y, admin: N },
  "event:read":                   { anonymous: P, user: P, observer: Y, member: Y, coordinator: Y, admin: Y },
  "event:create":                 { anonymous: N, user: N, observer: N, member: N, coordinator: Y, admin: N },
  "event:edit":                   { anonymous: N, user: N, observer: N, member: N, coordinator: Y, admin: N },
  "report:draft":                 { anonymous: N, user: N, observer: N, member: N, coordinator: Y, admin: N },
  "compliance:record":            { anonymous: N, user: N, observer: N, member: N, coordinator: Y, admin: N },
  "comment:create":               { anonymous: N, user: N, observer: C, member: Y, coordinator: Y, admin: N },
  "comment:edit":                 { anonymous: N, user: N, observer: C, member: Y, coordinator: Y, admin: N },
  "comment:delete":               { anonymous: N, user: N, observer: C, member: Y, coordinator: Y, admin: N },
  "comment:moderate":             { anonymous: N, user: N, observer: N, member: N, coordinator: Y, admin: N },
  "metrics:read":                 { anonymous: N, user: N, observer: N, member: N, coordinator: N, admin: Y },
  "site:admin":                   { anonymous: N, user: N, observer: N, member: N, coordinator: N, admin: Y },
};

/** What stays allowed in an archived coalition: reading, and the administrator's (un)archiving. */
const ALLOWED_WHEN_ARCHIVED: ReadonlySet<Action> = new Set<Action>([
  "coalition:view", "coalition:archive", "member:list", "member:view-email", "member:leave", "audit:read",
  "document:read", "version:read", "version:compare", "consultation:read", "thread:read", "event:read", "metrics:read", "site:admin",
  "endorsement:withdraw",
]);

export interface CoalitionState {
  visibility: Visibility;
  archived?: boolean;
  /** The coalition's setting "observers may comment" (migration 0026). */
  observersMayComment?: boolean;
}

/** Does one role allow the action, given the coalition's visibility (and whether it is archived)? */
export function roleCan(role: PrincipalRole, action: Action, state: Visibility | CoalitionState = "private"): boolean {
  const { visibility, archived, observersMayComment } = typeof state === "string" ? { visibility: state, archived: false, observersMayComment: false } : state;
  if (archived && !ALLOWED_WHEN_ARCHIVED.has(action)) return false;
  const cell = TABLE[action][role];
  return cell === true || (cell === "public" && visibility === "public") || (cell === "commenting" && Boolean(observersMayComment));
}

/** Does any of the principal's roles allow the action? */
export function can(roles: readonly PrincipalRole[], action: Action, state: Visibility | CoalitionState = "private"): boolean {
  return roles.some((role) => roleCan(role, action, state));
}

/** A principal's roles for one coalition (see the module comment). */
export function principalRoles(input: {
  signedIn: boolean;
  isSiteAdmin?: boolean;
  membershipRole?: CoalitionRole | null;
}): PrincipalRole[] {
  if (!input.signedIn) return ["anonymous"];
  const roles: PrincipalRole[] = [input.membershipRole ?? "user"];
  if (input.isSiteAdmin) roles.push("admin");
  return roles;
}

export type Abilities = Record<Action, boolean>;

/** Every action's answer, for loaders to hand to the UI (components never re-derive rules). */
export function abilities(roles: readonly PrincipalRole[], state: Visibility | CoalitionState = "private"): Abilities {
  return Object.fromEntries(ACTIONS.map((a) => [a, can(roles, a, state)])) as Abilities;
}
