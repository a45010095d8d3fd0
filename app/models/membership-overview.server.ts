import type { CoalitionAccess } from "./access.server";
import { myLatestRequest } from "./join-requests.server";
import { coalitionBalance } from "./stakeholder-balance.server";

/** What the coalition overview shows about membership: the balance chart and the join/leave button. */
export async function membershipOverview(access: CoalitionAccess) {
  const { coalition, user, membershipRole, abilities } = access;
  const [balance, latest] = await Promise.all([
    coalitionBalance(coalition.id),
    user && !membershipRole ? myLatestRequest(coalition.id, user.id) : null,
  ]);
  const membershipButton = {
    slug: coalition.slug,
    policy: coalition.join_policy,
    signedIn: Boolean(user),
    isMember: Boolean(membershipRole),
    canJoin: abilities["member:join"],
    canLeave: abilities["member:leave"],
    pendingRequest: latest?.status === "pending",
    archived: Boolean(coalition.archived_at),
    canAppoint: abilities["coalition:appoint-coordinator"],
  };
  return { balance, membershipButton };
}
