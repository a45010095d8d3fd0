import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getDb } from "../../db/client";
import { findCoalitionBySlug } from "../../db/queries/coalitions";
import { findMembership } from "../../db/queries/memberships";
import type { Coalition } from "../../db/schema";
import type { RequestUser } from "../load-context";
import { forbidden, notFound, refusalResponse } from "../lib/http.server";
import { t } from "../lib/i18n/messages";
import { decide, notFoundMessage, type Actor, type Decision, type Target } from "../lib/policy";
import {
  abilities as computeAbilities,
  can,
  principalRoles,
  type Abilities,
  type Action,
  type CoalitionRole,
  type PrincipalRole,
} from "../lib/permissions";

/** The signed-in user, or a redirect to /login that comes back here afterwards. */
export function requireUser(context: AppLoadContext, request: Request): RequestUser {
  if (context.user) return context.user;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** A site administrator, or 403 (after sign-in). */
export function requireSiteAdmin(context: AppLoadContext, request: Request): RequestUser {
  const user = requireUser(context, request);
  if (!can(principalRoles({ signedIn: true, isSiteAdmin: user.isSiteAdmin }), "site:admin")) {
    throw forbidden(t("admin.error.siteAdminOnly"));
  }
  return user;
}

export interface CoalitionAccess {
  coalition: Coalition;
  user: RequestUser | null;
  membershipRole: CoalitionRole | null;
  roles: PrincipalRole[];
  abilities: Abilities;
}

/** The acting principal of an access, for `decide()`. */
export function actorOf(access: Pick<CoalitionAccess, "user" | "roles">): Actor {
  return { userId: access.user?.id ?? null, roles: access.roles };
}

/** May the viewer do this in this coalition, to this object (its state beyond the coalition's)? */
export function decideFor(access: CoalitionAccess, action: Action, object: Omit<Target, "coalition"> = {}): Decision {
  return decide(actorOf(access), action, { ...object, coalition: coalitionState(access.coalition) });
}

/** Throws the refusal's response (see `refusalResponse`) unless the viewer may do this. */
export function requireAllowed(access: CoalitionAccess, action: Action, object: Omit<Target, "coalition"> = {}, request?: Request): void {
  const decision = decideFor(access, action, object);
  if (!decision.ok) throw refusalResponse(decision, request, Boolean(access.user));
}

export function coalitionState(coalition: Pick<Coalition, "visibility" | "archived_at"> & Partial<Pick<Coalition, "observers_may_comment">>) {
  return { visibility: coalition.visibility, archived: Boolean(coalition.archived_at), observersMayComment: Boolean(coalition.observers_may_comment) };
}

/** What the viewer may do in a coalition, by its id-bearing row (used by guards and models). */
export async function accessFor(coalition: Coalition, user: RequestUser | null): Promise<CoalitionAccess> {
  const membership = user ? await findMembership(getDb(), coalition.id, user.id) : undefined;
  const membershipRole = (membership?.role as CoalitionRole | undefined) ?? null;
  const roles = principalRoles({ signedIn: Boolean(user), isSiteAdmin: user?.isSiteAdmin, membershipRole });
  const abilities = computeAbilities(roles, coalitionState(coalition));
  return { coalition, user, membershipRole, roles, abilities };
}

/**
 * Loads a coalition by slug and checks an action. A viewer who may not even see the
 * coalition gets 404 (private coalitions do not reveal that they exist); one who may see
 * it but lacks the action gets 403 — or, when not signed in, a redirect to log in.
 */
export async function requireCoalitionAccess(
  context: AppLoadContext,
  request: Request,
  slug: string | undefined,
  action: Action = "coalition:view",
): Promise<CoalitionAccess> {
  const coalition = slug ? await findCoalitionBySlug(getDb(), slug) : undefined;
  if (!coalition) throw notFound(notFoundMessage());
  const access = await accessFor(coalition, context.user);
  requireAllowed(access, action, {}, request);
  return access;
}
