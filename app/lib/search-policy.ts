import { can, principalRoles, type Action, type CoalitionRole, type Visibility } from "./permissions";
import { reachesAudience } from "./policy";
import { ROLES_ASCENDING } from "../../common/roles";

/**
 * What kinds of things a viewer may find, derived from THE permission table so that search
 * and activity never decide access on their own. The database layer receives, per kind, the
 * list of coalition states under which the viewer may read it, and filters inside the query.
 */

export const SEARCH_KINDS = ["coalition", "document", "output", "thread", "post", "consultation"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** The action that guards reading each kind. */
export const KIND_ACTION: Record<SearchKind, Action> = {
  coalition: "coalition:view",
  document: "document:read",
  output: "version:read",
  thread: "thread:read",
  post: "thread:read",
  // A consultation comment or reply (issue 26): where the consultation may be read.
  consultation: "consultation:read",
};

/**
 * A coalition state as the query computes it from a row:
 * `"<visibility>:<membership role or none>:<archived 0|1>"`.
 */
export function stateKey(visibility: Visibility, membershipRole: CoalitionRole | null, archived: boolean): string {
  return `${visibility}:${membershipRole ?? "none"}:${archived ? 1 : 0}`;
}

export type ReadableStates = Record<SearchKind, string[]>;

/** For a viewer, per kind, every coalition state in which `can()` lets them read that kind. */
export function readableStates(viewer: { signedIn: boolean; isSiteAdmin?: boolean }): ReadableStates {
  const memberships: Array<CoalitionRole | null> = viewer.signedIn ? [null, ...ROLES_ASCENDING] : [null];
  const out = Object.fromEntries(SEARCH_KINDS.map((k) => [k, [] as string[]])) as ReadableStates;
  for (const membershipRole of memberships) {
    const roles = principalRoles({ signedIn: viewer.signedIn, isSiteAdmin: viewer.isSiteAdmin, membershipRole });
    for (const visibility of ["public", "private"] as const) {
      for (const archived of [false, true]) {
        for (const kind of SEARCH_KINDS) {
          if (can(roles, KIND_ACTION[kind], { visibility, archived })) out[kind].push(stateKey(visibility, membershipRole, archived));
        }
      }
    }
  }
  return out;
}

/** Per kind, may this principal read it in a coalition in this state? (For activity feeds.) */
export function readableKinds(roles: Parameters<typeof can>[0], state: { visibility: Visibility; archived: boolean }): Record<SearchKind, boolean> {
  return Object.fromEntries(SEARCH_KINDS.map((k) => [k, can(roles, KIND_ACTION[k], state)])) as Record<SearchKind, boolean>;
}

/**
 * For a viewer, every coalition state in which they may read a members-only thread (and its posts):
 * where `thread:read` is allowed and the policy says the roles reach the "members" audience.
 */
export function membersOnlyStates(viewer: { signedIn: boolean; isSiteAdmin?: boolean }): string[] {
  const memberships: Array<CoalitionRole | null> = viewer.signedIn ? [null, ...ROLES_ASCENDING] : [null];
  const out: string[] = [];
  for (const membershipRole of memberships) {
    const roles = principalRoles({ signedIn: viewer.signedIn, isSiteAdmin: viewer.isSiteAdmin, membershipRole });
    for (const visibility of ["public", "private"] as const) {
      for (const archived of [false, true]) {
        if (can(roles, "thread:read", { visibility, archived }) && reachesAudience(roles, "members")) out.push(stateKey(visibility, membershipRole, archived));
      }
    }
  }
  return out;
}
