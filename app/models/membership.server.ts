import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";
import { findCoalitionById } from "../../db/queries/coalitions";
import { decideJoinRequest, findPendingRequest } from "../../db/queries/join-requests";
import * as q from "../../db/queries/memberships";
import type { Executor } from "../../db/queries/users";
import { findUserByEmail } from "../../db/queries/users";
import type { Coalition } from "../../db/schema";
import type { RequestUser } from "../load-context";
import { principalRoles, type Action, type CoalitionRole } from "../lib/permissions";
import { decide, lastCoordinatorRefusal, roleDeniedMessage } from "../lib/policy";
import { t } from "../lib/i18n/messages";
import { coalitionState } from "./access.server";
import { OPEN_ROLES, type OpenRole } from "../../common/roles";
import { writeAudit } from "./audit.server";
import { notify, type NotificationMessage } from "./notifications.server";
import { emitDomainEvent, type DomainEvent } from "./events.server";
import { MembershipError, type MembershipResult } from "./membership-errors.server";

type MembershipEvent = Extract<DomainEvent, { type: "membership.changed" }>;

export interface ChangeContext {
  trx: Executor;
  /** The coalition as read under the lock. */
  coalition: Coalition;
  /** Queue a membership.changed event, emitted only once the transaction has committed. */
  changed(userId: string, role: CoalitionRole | null): void;
  /** Queue a notification to the person a decision is about, sent once the transaction has committed (link: the coalition page unless given). */
  tell(userId: string, message: NotificationMessage, link?: string): void;
}

/**
 * Runs a membership change: one transaction that first takes the coalition's write lock,
 * so the checks and writes inside see no concurrent change; MembershipErrors roll back and
 * become refusals. membership.changed events go out only after the commit.
 */
export async function runMembershipChange<T extends object>(
  coalitionId: string,
  work: (ctx: ChangeContext) => Promise<T>,
): Promise<MembershipResult<T>> {
  const events: MembershipEvent[] = [];
  const notices: Array<{ userId: string; message: NotificationMessage; link: string }> = [];
  let value: T;
  try {
    value = await getDb()
      .transaction()
      .execute(async (trx) => {
        if (!(await q.lockCoalition(trx, coalitionId))) throw new MembershipError(404, t("members.error.coalitionGone"));
        const coalition = await findCoalitionById(trx, coalitionId);
        if (!coalition) throw new MembershipError(404, t("members.error.coalitionGone"));
        return work({
          trx,
          coalition,
          changed: (userId, role) => events.push({ type: "membership.changed", coalitionId, userId, role }),
          tell: (userId, message, link) => notices.push({ userId, message, link: link ?? `/coalitions/${coalition.slug}` }),
        });
      });
  } catch (error) {
    if (error instanceof MembershipError) return error.toRefusal();
    throw error;
  }
  for (const event of events) emitDomainEvent(event);
  for (const n of notices) await notify(n.userId, { kind: "membership", message: n.message, link: n.link });
  return { ok: true, ...value };
}

/**
 * Re-checks, under the lock, that the actor still may do this: a coordinator demoted a
 * moment ago by someone else must not act on a permission read before the change.
 */
export async function assertActorMay(ctx: ChangeContext, actor: RequestUser, action: Action): Promise<CoalitionRole | null> {
  const membership = await q.findMembership(ctx.trx, ctx.coalition.id, actor.id);
  const membershipRole = (membership?.role as CoalitionRole | undefined) ?? null;
  const roles = principalRoles({ signedIn: true, isSiteAdmin: actor.isSiteAdmin, membershipRole });
  const decision = decide({ userId: actor.id, roles }, action, { coalition: coalitionState(ctx.coalition) });
  if (!decision.ok) {
    // Membership pages answer 403 here even to someone who cannot see the coalition: they reached it by its id.
    throw new MembershipError(403, ctx.coalition.archived_at ? t("members.error.archived") : roleDeniedMessage());
  }
  return membershipRole;
}

/** Refuses a change that would leave the coalition without a coordinator. */
async function assertNotLastCoordinator(ctx: ChangeContext, currentRole: CoalitionRole, nextRole: CoalitionRole | null) {
  if (currentRole !== "coordinator" || nextRole === "coordinator") return; // no need to count
  const refused = lastCoordinatorRefusal({ role: currentRole, next: nextRole, coordinators: await q.countCoordinators(ctx.trx, ctx.coalition.id) });
  if (refused) throw MembershipError.from(refused);
}

/**
 * Creates or updates a membership inside a change; returns the previous role. A request
 * to join still pending from this person is settled as approved (by `actorId`), so that
 * coordinators never act on a stale request of someone who is already in.
 */
export async function putMembership(ctx: ChangeContext, userId: string, role: CoalitionRole, actorId: string = userId): Promise<CoalitionRole | null> {
  const existing = await q.findMembership(ctx.trx, ctx.coalition.id, userId);
  const t = now();
  const pending = await findPendingRequest(ctx.trx, ctx.coalition.id, userId);
  if (pending) {
    await decideJoinRequest(ctx.trx, ctx.coalition.id, pending.id, { status: "approved", decided_by: actorId, decided_role: role, decision_reason: null, decided_at: t });
  }
  if (existing) {
    if (existing.role !== role) {
      await assertNotLastCoordinator(ctx, existing.role, role);
      await q.updateMembershipRole(ctx.trx, ctx.coalition.id, existing.id, role, t);
      ctx.changed(userId, role);
    }
    return existing.role;
  }
  await q.insertMembership(ctx.trx, { id: newId(), coalition_id: ctx.coalition.id, user_id: userId, role, created_at: t, updated_at: t });
  ctx.changed(userId, role);
  return null;
}

export type MemberRow = Awaited<ReturnType<typeof q.listMembers>>[number];

/** The members page's table; emails only for viewers allowed to see them. */
export async function listMembersFor(coalitionId: string, withEmails: boolean): Promise<Array<Omit<MemberRow, "email"> & { email: string | null }>> {
  const rows = await q.listMembers(getDb(), coalitionId);
  return rows.map((r) => ({ ...r, email: withEmails ? r.email : null }));
}

/** A coordinator (or site administrator) changes a member's role. */
export function changeMemberRole(input: { coalitionId: string; actor: RequestUser; membershipId: string; role: CoalitionRole }) {
  return runMembershipChange(input.coalitionId, async (ctx) => {
    await assertActorMay(ctx, input.actor, "member:manage");
    const target = await q.findMembershipById(ctx.trx, ctx.coalition.id, input.membershipId);
    if (!target) throw new MembershipError(404, t("members.error.notMemberAnyMore"));
    if (target.role === input.role) return { userId: target.user_id, changed: false };
    await assertNotLastCoordinator(ctx, target.role, input.role);
    await q.updateMembershipRole(ctx.trx, ctx.coalition.id, target.id, input.role, now());
    await writeAudit(ctx.trx, {
      coalitionId: ctx.coalition.id,
      actorId: input.actor.id,
      subjectUserId: target.user_id,
      action: "member.role_changed",
      detail: { from: target.role, to: input.role },
    });
    ctx.changed(target.user_id, input.role);
    ctx.tell(target.user_id, { id: "notifications.message.roleChanged", values: { coalition: ctx.coalition.name, role: input.role } });
    return { userId: target.user_id, changed: true };
  });
}

/** A coordinator (or site administrator) removes a member. */
export function removeMember(input: { coalitionId: string; actor: RequestUser; membershipId: string; reason: string | null }) {
  return runMembershipChange(input.coalitionId, async (ctx) => {
    await assertActorMay(ctx, input.actor, "member:manage");
    const target = await q.findMembershipById(ctx.trx, ctx.coalition.id, input.membershipId);
    if (!target) throw new MembershipError(404, t("members.error.notMemberAnyMore"));
    await assertNotLastCoordinator(ctx, target.role, null);
    await q.deleteMembership(ctx.trx, ctx.coalition.id, target.id);
    await writeAudit(ctx.trx, {
      coalitionId: ctx.coalition.id,
      actorId: input.actor.id,
      subjectUserId: target.user_id,
      action: "member.removed",
      reason: input.reason,
      detail: { role: target.role },
    });
    ctx.changed(target.user_id, null);
    ctx.tell(target.user_id, input.reason ? { id: "notifications.message.removedReason", values: { coalition: ctx.coalition.name, reason: input.reason } } : { id: "notifications.message.removed", values: { coalition: ctx.coalition.name } });
    return { userId: target.user_id };
  });
}

/** A member leaves (refused for the last coordinator). */
export function leaveCoalition(input: { coalitionId: string; user: RequestUser }) {
  return runMembershipChange(input.coalitionId, async (ctx) => {
    const mine = await q.findMembership(ctx.trx, ctx.coalition.id, input.user.id);
    if (!mine) throw new MembershipError(404, t("join.error.notMember"));
    const coordinators = mine.role === "coordinator" ? await q.countCoordinators(ctx.trx, ctx.coalition.id) : 0;
    const roles = principalRoles({ signedIn: true, isSiteAdmin: input.user.isSiteAdmin, membershipRole: mine.role });
    const decision = decide({ userId: input.user.id, roles }, "member:leave", {
      coalition: coalitionState(ctx.coalition),
      membership: { role: mine.role, next: null, coordinators },
    });
    if (!decision.ok) throw MembershipError.from(decision);
    await q.deleteMembership(ctx.trx, ctx.coalition.id, mine.id);
    await writeAudit(ctx.trx, { coalitionId: ctx.coalition.id, actorId: input.user.id, subjectUserId: input.user.id, action: "member.left", detail: { role: mine.role } });
    ctx.changed(input.user.id, null);
    return {};
  });
}

/** Joins an open coalition at once in one of the roles it opens. */
export function joinOpenCoalition(input: { coalitionId: string; user: RequestUser; role: CoalitionRole }) {
  return runMembershipChange(input.coalitionId, async (ctx) => {
    await assertActorMay(ctx, input.user, "member:join");
    if (ctx.coalition.join_policy !== "open") throw new MembershipError(409, t("join.error.notOpen"));
    if (!(openRoles(ctx.coalition) as CoalitionRole[]).includes(input.role)) throw new MembershipError(400, t("join.error.roleNotOpen"), "role");
    if (await q.findMembership(ctx.trx, ctx.coalition.id, input.user.id)) throw new MembershipError(409, t("join.error.alreadyMember"));
    await putMembership(ctx, input.user.id, input.role);
    await writeAudit(ctx.trx, { coalitionId: ctx.coalition.id, actorId: input.user.id, subjectUserId: input.user.id, action: "member.joined", detail: { role: input.role } });
    return { role: input.role };
  });
}

/** A site administrator makes an existing account coordinator (the first one, typically). */
export function appointCoordinator(input: { coalitionId: string; actor: RequestUser; email: string }) {
  return runMembershipChange(input.coalitionId, async (ctx) => {
    await assertActorMay(ctx, input.actor, "coalition:appoint-coordinator");
    const user = await findUserByEmail(ctx.trx, input.email);
    if (!user) throw new MembershipError(400, t("members.error.noAccount"), "email");
    const previous = await putMembership(ctx, user.id, "coordinator", input.actor.id);
    if (previous === "coordinator") throw new MembershipError(409, t("members.error.alreadyCoordinator", { name: user.name }), "email");
    await writeAudit(ctx.trx, {
      coalitionId: ctx.coalition.id,
      actorId: input.actor.id,
      subjectUserId: user.id,
      action: "coordinator.appointed",
      detail: { from: previous, role: "coordinator" },
    });
    ctx.tell(user.id, { id: "notifications.message.appointedCoordinator", values: { coalition: ctx.coalition.name } });
    return { userId: user.id, name: user.name };
  });
}

/** The roles open joining grants (from the coalition's JSON column). */
export function openRoles(coalition: Pick<Coalition, "open_roles">): OpenRole[] {
  try {
    const value = JSON.parse(coalition.open_roles);
    return Array.isArray(value) ? value.filter((r): r is OpenRole => (OPEN_ROLES as readonly unknown[]).includes(r)) : [];
  } catch {
    return [];
  }
}
