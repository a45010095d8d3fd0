import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";
import * as jr from "../../db/queries/join-requests";
import { findMembership, listCoordinatorIds } from "../../db/queries/memberships";
import { updateUser } from "../../db/queries/users";
import type { CoalitionRole, RegionId, StakeholderGroupId } from "../../db/schema";
import type { RequestUser } from "../load-context";
import { writeAudit } from "./audit.server";
import { t } from "../lib/i18n/messages";
import { MembershipError } from "./membership-errors.server";
import { assertActorMay, putMembership, runMembershipChange } from "./membership.server";

/**
 * A signed-in non-member asks to join a coalition that approves its members. With
 * `saveToProfile`, the stated group, organization and region also become the profile's,
 * in the same transaction.
 */
export function createJoinRequest(input: {
  coalitionId: string;
  user: RequestUser;
  statement: string;
  stakeholderGroup: StakeholderGroupId;
  organization: string;
  region: RegionId | null;
  saveToProfile: boolean;
}) {
  return runMembershipChange(input.coalitionId, async (ctx) => {
    await assertActorMay(ctx, input.user, "member:join");
    if (ctx.coalition.join_policy === "invitation") throw new MembershipError(409, t("join.error.invitationOnly"));
    if (ctx.coalition.join_policy === "open") throw new MembershipError(409, t("join.error.openNoRequest"));
    if (await findMembership(ctx.trx, ctx.coalition.id, input.user.id)) throw new MembershipError(409, t("join.error.alreadyMember"));
    if (await jr.findPendingRequest(ctx.trx, ctx.coalition.id, input.user.id)) {
      throw new MembershipError(409, t("join.error.alreadyPending"));
    }
    const id = newId();
    await jr.insertJoinRequest(ctx.trx, {
      id,
      coalition_id: ctx.coalition.id,
      user_id: input.user.id,
      statement: input.statement,
      stakeholder_group: input.stakeholderGroup,
      organization: input.organization,
      region: input.region,
      created_at: now(),
    });
    if (input.saveToProfile) {
      await updateUser(ctx.trx, input.user.id, { stakeholder_group: input.stakeholderGroup, organization: input.organization, region: input.region, updated_at: now() });
    }
    await writeAudit(ctx.trx, {
      coalitionId: ctx.coalition.id,
      actorId: input.user.id,
      subjectUserId: input.user.id,
      action: "join_request.created",
      detail: { requestId: id, stakeholder_group: input.stakeholderGroup },
    });
    // Every coordinator hears of it (the bell; mail once notification preferences exist).
    for (const coordinatorId of await listCoordinatorIds(ctx.trx, ctx.coalition.id)) {
      ctx.tell(coordinatorId, { id: "notifications.message.joinRequest", values: { name: input.user.name, coalition: ctx.coalition.name } }, `/coalitions/${ctx.coalition.slug}/members`);
    }
    return { requestId: id };
  });
}

/** The requester withdraws their own pending request. */
export function withdrawJoinRequest(input: { coalitionId: string; user: RequestUser; requestId: string }) {
  return runMembershipChange(input.coalitionId, async (ctx) => {
    const request = await jr.findJoinRequest(ctx.trx, ctx.coalition.id, input.requestId);
    if (!request || request.user_id !== input.user.id) throw new MembershipError(404, t("join.error.noSuchOwnRequest"));
    const at = now();
    const changed = await jr.decideJoinRequest(ctx.trx, ctx.coalition.id, request.id, {
      status: "withdrawn",
      decided_by: input.user.id,
      decided_role: null,
      decision_reason: null,
      decided_at: at,
    });
    if (changed !== 1) throw new MembershipError(409, t("join.error.alreadyDecided"));
    await writeAudit(ctx.trx, { coalitionId: ctx.coalition.id, actorId: input.user.id, subjectUserId: input.user.id, action: "join_request.withdrawn", detail: { requestId: request.id } });
    return {};
  });
}

/**
 * A coordinator approves a pending request in the chosen role. The status change is
 * conditional on "pending", so of two concurrent approvals exactly one takes effect.
 */
export function approveJoinRequest(input: { coalitionId: string; actor: RequestUser; requestId: string; role: CoalitionRole }) {
  return runMembershipChange(input.coalitionId, async (ctx) => {
    await assertActorMay(ctx, input.actor, "member:manage");
    const request = await jr.findJoinRequest(ctx.trx, ctx.coalition.id, input.requestId);
    if (!request) throw new MembershipError(404, t("members.error.noSuchRequest"));
    const changed = await jr.decideJoinRequest(ctx.trx, ctx.coalition.id, request.id, {
      status: "approved",
      decided_by: input.actor.id,
      decided_role: input.role,
      decision_reason: null,
      decided_at: now(),
    });
    if (changed !== 1) throw new MembershipError(409, t("members.error.requestDecided"));
    if (await findMembership(ctx.trx, ctx.coalition.id, request.user_id)) throw new MembershipError(409, t("members.error.alreadyMember"));
    await putMembership(ctx, request.user_id, input.role, input.actor.id);
    await writeAudit(ctx.trx, {
      coalitionId: ctx.coalition.id,
      actorId: input.actor.id,
      subjectUserId: request.user_id,
      action: "join_request.approved",
      detail: { requestId: request.id, role: input.role },
    });
    ctx.tell(request.user_id, { id: "notifications.message.joinApproved", values: { coalition: ctx.coalition.name, role: input.role } });
    return { userId: request.user_id };
  });
}

/** A coordinator declines a pending request with a reason the requester sees. */
export function declineJoinRequest(input: { coalitionId: string; actor: RequestUser; requestId: string; reason: string }) {
  return runMembershipChange(input.coalitionId, async (ctx) => {
    await assertActorMay(ctx, input.actor, "member:manage");
    const request = await jr.findJoinRequest(ctx.trx, ctx.coalition.id, input.requestId);
    if (!request) throw new MembershipError(404, t("members.error.noSuchRequest"));
    const changed = await jr.decideJoinRequest(ctx.trx, ctx.coalition.id, request.id, {
      status: "declined",
      decided_by: input.actor.id,
      decided_role: null,
      decision_reason: input.reason,
      decided_at: now(),
    });
    if (changed !== 1) throw new MembershipError(409, t("members.error.requestDecided"));
    await writeAudit(ctx.trx, {
      coalitionId: ctx.coalition.id,
      actorId: input.actor.id,
      subjectUserId: request.user_id,
      action: "join_request.declined",
      reason: input.reason,
      detail: { requestId: request.id },
    });
    ctx.tell(request.user_id, { id: "notifications.message.joinDeclined", values: { coalition: ctx.coalition.name, reason: input.reason } });
    return { userId: request.user_id };
  });
}

/** The viewer's latest request to this coalition (pending, declined, …), if any. */
export async function myLatestRequest(coalitionId: string, userId: string) {
  const request = await jr.findLatestRequest(getDb(), coalitionId, userId);
  if (!request) return null;
  return {
    id: request.id,
    status: request.status,
    statement: request.statement,
    stakeholderGroup: request.stakeholder_group,
    organization: request.organization,
    createdAt: request.created_at,
    decidedAt: request.decided_at,
    reason: request.decision_reason,
  };
}

export async function pendingRequests(coalitionId: string) {
  const rows = await jr.listPendingRequests(getDb(), coalitionId);
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    name: r.name,
    email: r.email,
    statement: r.statement,
    stakeholderGroup: r.stakeholder_group,
    organization: r.organization,
    region: r.region,
    createdAt: r.created_at,
  }));
}

/** How many requests wait for a decision in this coalition (for those who may decide them). */
export async function pendingRequestCount(coalitionId: string): Promise<number> {
  return (await jr.countPendingRequests(getDb(), [coalitionId])).get(coalitionId) ?? 0;
}
