import { getDb } from "../../db/client";
import { now } from "../../db/ids";
import {
  ACTIVITY_TYPES,
  countActivity,
  findVisitMarks,
  listActivity,
  listUserCoalitions,
  updateVisitMarks,
  type ActivityRow,
  type ActivityType,
} from "../../db/queries/activity";
import { listPendingRequestsIn, countPendingRequests } from "../../db/queries/join-requests";
import type { MyCoalition } from "../components/my-coalitions";
import type { RequestUser } from "../load-context";
import { can, principalRoles, type Abilities, type Action, type PrincipalRole } from "../lib/permissions";
import { reachesAudience } from "../lib/policy";
import { t } from "../lib/i18n/messages";
import type { CoalitionAccess } from "./access.server";
import { POSTS_PER_PAGE } from "../lib/thread-validation";

/** The right each activity type needs, from THE permission table. */
const TYPE_ACTION: Record<ActivityType, Action> = {
  "document.edited": "document:read",
  "version.published": "version:read",
  "version.restored": "document:read",
  "thread.started": "thread:read",
  "post.replied": "thread:read",
  "thread.locked": "thread:read",
  "member.joined": "member:list",
  // Waiting requests: only to those who decide them (the coalition's coordinators).
  "join.requested": "member:manage",
  "endorsement.added": "version:read",
  "endorsement.withdrawn": "version:read",
  "endorsement.verified": "version:read",
  "consultation.commented": "consultation:read",
  "comment.added": "document:read",
  // Decisions are read where their version is (the decision page asks version:read).
  "decision.opened": "version:read",
  "decision.took-part": "version:read",
  "decision.closed": "version:read",
  "consultation.opened": "consultation:read",
  "consultation.closed": "consultation:read",
};

/** A visit starts when the home page is opened after this long away. */
export const VISIT_GAP_MS = 30 * 60 * 1000;
/** A first visit (or one after long ago) shows at most this far back. */
const FIRST_VISIT_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;

export interface ActivityItem {
  /** What happened; "join.requested" is a request still waiting for the viewer (a coordinator) to decide. */
  type: ActivityType;
  at: string;
  coalition: { slug: string; name: string };
  actor: string;
  title: string;
  extra: string | null;
  href: string;
}

function toItem(r: ActivityRow): ActivityItem {
  const base = `/coalitions/${encodeURIComponent(r.coalition_slug)}`;
  const href = {
    "document.edited": `${base}/documents/${r.subject_id}`,
    "version.published": `${base}/outputs/${r.subject_id}`,
    "version.restored": `${base}/documents/${r.subject_id}`,
    "thread.started": `${base}/threads/${r.subject_id}`,
    "post.replied": `${base}/threads/${r.subject_id}?page=${Math.max(1, Math.ceil(Number(r.extra) / POSTS_PER_PAGE))}#post-${r.extra}`,
    "thread.locked": `${base}/threads/${r.subject_id}`,
    "member.joined": `${base}/members`,
    "join.requested": `${base}/members`,
    "endorsement.added": `${base}/outputs/${r.subject_id}#endorsements`,
    "endorsement.withdrawn": `${base}/outputs/${r.subject_id}#endorsements`,
    "endorsement.verified": `${base}/outputs/${r.subject_id}#endorsements`,
    "consultation.commented": `${base}/consultations/${r.subject_id}#p-${r.extra}`,
    "comment.added": `${base}/documents/${r.subject_id}#comment-${r.extra}`,
    "decision.opened": `${base}/decisions/${r.subject_id}`,
    "decision.took-part": `${base}/decisions/${r.subject_id}`,
    "decision.closed": `${base}/decisions/${r.subject_id}`,
    "consultation.opened": `${base}/consultations/${r.subject_id}`,
    "consultation.closed": `${base}/consultations/${r.subject_id}#disposition`,
  }[r.type];
  // A decision closed at its deadline (or an objection ending a silence procedure) has no actor.
  const byNoOne = r.actor_id === null && (r.type === "decision.closed" || r.type === "consultation.closed");
  return {
    type: r.type,
    at: r.at,
    coalition: { slug: r.coalition_slug, name: r.coalition_name },
    actor: byNoOne ? "" : (r.actor_name ?? t("activity.formerMember")),
    title: r.title,
    extra: r.extra,
    href,
  };
}

function scopesFor(entries: Array<{ coalitionId: string; allowed: (a: Action) => boolean }>): Record<ActivityType, string[]> {
  return Object.fromEntries(
    ACTIVITY_TYPES.map((t) => [t, entries.filter((e) => e.allowed(TYPE_ACTION[t])).map((e) => e.coalitionId)]),
  ) as Record<ActivityType, string[]>;
}

/** The coalitions (of those given) whose members-only threads these roles reach, as the policy decides. */
function membersThreadScope(entries: Array<{ coalitionId: string; roles: readonly PrincipalRole[] }>): string[] {
  return entries.filter((e) => reachesAudience(e.roles, "members")).map((e) => e.coalitionId);
}

/** The coalition page's feed: what this viewer may read of the coalition's recent activity. */
export async function coalitionActivity(access: Pick<CoalitionAccess, "coalition" | "abilities" | "roles">, limit = 12): Promise<ActivityItem[]> {
  const abilities: Abilities = access.abilities;
  const scopes = scopesFor([{ coalitionId: access.coalition.id, allowed: (a) => abilities[a] }]);
  const membersThreads = membersThreadScope([{ coalitionId: access.coalition.id, roles: access.roles }]);
  return (await listActivity(getDb(), { scopes, membersThreads, limit })).map(toItem);
}

export interface HomeActivity {
  /** Activity after this moment is shown; null on a first visit (the last two weeks are). */
  since: string | null;
  /** Requests waiting (for coordinators, whatever their age) first, then the activity since the last visit. */
  items: ActivityItem[];
  memberOfAny: boolean;
  coalitions: MyCoalition[];
}

/**
 * The home page's feed: what happened in the user's coalitions since their last visit, by
 * others. Opening the home page records the visit; a new visit starts after VISIT_GAP_MS away,
 * so reloading during a visit keeps showing the same changes.
 */
export async function homeActivity(user: RequestUser, limit = 10): Promise<HomeActivity> {
  const db = getDb();
  const [marks, coalitions] = await Promise.all([findVisitMarks(db, user.id), listUserCoalitions(db, user.id)]);
  const at = now();
  let since = marks?.previous_visit_at ?? null;
  const lastSeen = marks?.last_seen_at ?? null;
  if (lastSeen && Date.parse(at) - Date.parse(lastSeen) > VISIT_GAP_MS) since = lastSeen;
  await updateVisitMarks(db, user.id, { last_seen_at: at, previous_visit_at: since });
  if (!coalitions.length) return { since, items: [], memberOfAny: false, coalitions: [] };

  const entries = coalitions.map((c) => {
    const roles = principalRoles({ signedIn: true, isSiteAdmin: user.isSiteAdmin, membershipRole: c.role });
    return { coalitionId: c.id, roles, allowed: (a: Action) => can(roles, a, { visibility: c.visibility, archived: Boolean(c.archived_at) }) };
  });
  const allowedIn = new Map(entries.map((e) => [e.coalitionId, e.allowed] as const));
  // Waiting requests come first, from their own list (whatever their age): not twice.
  const scopes = { ...scopesFor(entries), "join.requested": [] };
  const membersThreads = membersThreadScope(entries);
  const deciding = coalitions.filter((c) => allowedIn.get(c.id)!("member:manage")).map((c) => c.id);
  const floor = new Date(Date.parse(at) - FIRST_VISIT_WINDOW_MS).toISOString();
  const window = { scopes, membersThreads, since: since && since > floor ? since : floor, excludeActorId: user.id };
  const [rows, counts, pending, pendingCounts] = await Promise.all([
    listActivity(db, { ...window, limit }),
    countActivity(db, window),
    listPendingRequestsIn(db, deciding, limit),
    countPendingRequests(db, deciding),
  ]);
  const waiting: ActivityItem[] = pending.map((r) => ({
    type: "join.requested",
    at: r.created_at,
    coalition: { slug: r.slug, name: r.coalition_name },
    actor: r.name,
    title: "",
    extra: null,
    href: `/coalitions/${encodeURIComponent(r.slug)}/members`,
  }));
  const changesOf = (id: string, type: ActivityType) => counts.find((c) => c.coalition_id === id && c.type === type)?.n ?? 0;
  return {
    since,
    items: [...waiting, ...rows.map(toItem)],
    memberOfAny: true,
    coalitions: coalitions.map((c) => ({
      slug: c.slug,
      name: c.name,
      role: c.role,
      archived: Boolean(c.archived_at),
      changes: { threads: changesOf(c.id, "thread.started"), documents: changesOf(c.id, "document.edited"), outputs: changesOf(c.id, "version.published") },
      pendingRequests: pendingCounts.get(c.id) ?? 0,
    })),
  };
}

/** "Mark all as seen": the next feed starts from now. */
export async function markActivitySeen(user: RequestUser): Promise<void> {
  const t = now();
  await updateVisitMarks(getDb(), user.id, { last_seen_at: t, previous_visit_at: t });
}
