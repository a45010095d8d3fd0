/**
 * THE role × action table. Every route, the collaboration server and the UI's ability
 * maps ask `can()`; no other file decides who may do what.
 *
 * A principal's roles: "anonymous" (not signed in), "user" (signed in, not a member),
 * "observer" / "member" / "coordinator" (membership in the coalition at hand), and "admin"
 * (site administrator; held in addition to any membership role).
 *
 * A cell is `true` (allowed), `false` (denied) or `"public"` (allowed only when the
 * coalition is public).
 */

export const COALITION_ROLES = ["coordinator", "member", "observer"] as const;
export type CoalitionRole = (typeof COALITION_ROLES)[number];
export const PRINCIPAL_ROLES = ["anonymous", "user", "observer", "member", "coordinator", "admin"] as const;
export type PrincipalRole = (typeof PRINCIPAL_ROLES)[number];
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
  // threads
  "thread:read",
  "thread:create",
  "post:create",
  "thread:moderate", // lock, unlock, pin, move, hide posts, read revisions
  // site
  "metrics:read",
] as const;
export type Action = (typeof ACTIONS)[number];

type Cell = boolean | "public";
type Row = Record<PrincipalRole, Cell>;

//                                  anonymous  user      observer  member    coordinator admin
const r = (anonymous: Cell, user: Cell, observer: Cell, member: Cell, coordinator: Cell, admin: Cell): Row => ({
  anonymous, user, observer, member, coordinator, admin,
});

// Reading this table top to bottom is the whole authorisation policy.
const TABLE: Record<Action, Row> = {
  "coalition:view":                r("public", "public", true,  true,  true,  true),
  "coalition:create":              r(false,    false,    false, false, false, true),
  "coalition:edit":                r(false,    false,    false, false, true,  true),
  "coalition:archive":             r(false,    false,    false, false, false, true),
  "coalition:appoint-coordinator": r(false,    false,    false, false, false, true),

  "member:list":                   r("public", "public", true,  true,  true,  true),
  "member:view-email":             r(false,    false,    false, false, true,  true),
  "member:join":                   r(false,    "public", false, false, false, false),
  "member:leave":                  r(false,    false,    true,  true,  true,  false),
  "member:manage":                 r(false,    false,    false, false, true,  true),
  "audit:read":                    r(false,    false,    false, false, true,  true),

  "document:read":                 r(false,    false,    true,  true,  true,  false),
  "document:create":               r(false,    false,    false, true,  true,  false),
  "document:edit":                 r(false,    false,    false, true,  true,  false),
  "document:archive":              r(false,    false,    false, false, true,  false),

  "version:read":                  r("public", "public", true,  true,  true,  true),
  "version:compare":               r(false,    false,    false, true,  true,  false),
  "version:publish":               r(false,    false,    false, false, true,  false),
  "version:restore":               r(false,    false,    false, false, true,  false),

  "thread:read":                   r("public", "public", true,  true,  true,  true),
  "thread:create":                 r(false,    false,    false, true,  true,  false),
  "post:create":                   r(false,    false,    false, true,  true,  false),
  "thread:moderate":               r(false,    false,    false, false, true,  false),

  "metrics:read":                  r(false,    false,    false, false, false, true),
};

/** What stays allowed in an archived coalition: reading, and the administrator's (un)archiving. */
const ALLOWED_WHEN_ARCHIVED: ReadonlySet<Action> = new Set<Action>([
  "coalition:view", "coalition:archive", "member:list", "member:view-email", "member:leave", "audit:read",
  "document:read", "version:read", "version:compare", "thread:read", "metrics:read",
]);

export interface CoalitionState {
  visibility: Visibility;
  archived?: boolean;
}

/** Does one role allow the action, given the coalition's visibility (and whether it is archived)? */
export function roleCan(role: PrincipalRole, action: Action, state: Visibility | CoalitionState = "private"): boolean {
  const { visibility, archived } = typeof state === "string" ? { visibility: state, archived: false } : state;
  if (archived && !ALLOWED_WHEN_ARCHIVED.has(action)) return false;
  const cell = TABLE[action][role];
  return cell === true || (cell === "public" && visibility === "public");
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

/** Whether a role name is a coalition role. */
export function isCoalitionRole(value: unknown): value is CoalitionRole {
  return typeof value === "string" && (COALITION_ROLES as readonly string[]).includes(value);
}
