import { DEFAULT_COALITION_DELIVERY, DEFAULT_DIGEST_DAY, type Delivery } from "../../../common/mail-delivery";
import { type Locale, localeOrDefault } from "../../../common/locales";
import { findCoalitionById } from "../../../db/queries/coalitions";
import {
  advanceDigestMarks,
  advancePersonalDigestMark,
  findPostAt,
  listDigestCandidates,
  listPersonalDigestCandidates,
  listUnreadNotifications,
  listNewOutputs,
  listNewReplies,
  listNewThreads,
  listPostNotifications,
  listUpcomingMeetings,
  type DigestCandidate,
  type PersonalDigestCandidate,
} from "../../../db/queries/digests";
import { enqueue } from "../../../db/queries/jobs";
import { findMembership } from "../../../db/queries/memberships";
import { findThreadById } from "../../../db/queries/threads";
import { findUserById, type Executor } from "../../../db/queries/users";
import type { Coalition, User } from "../../../db/schema";
import { dateTimeFormat } from "../../lib/i18n/format";
import "../../lib/i18n/catalogues.server";
import { DIGEST_GRACE_MS, digestMomentOn, digestZone, dueAt, latestDigestMoment, MEETING_HORIZON_MS, periodMs, type DigestMoment } from "../../lib/mail/digest-schedule";
import { countItems, renderDigest, type DigestCoalition, type DigestPersonal, type DigestReplies, type DigestSection, type DigestThread } from "../../lib/mail/digest-template";
import { principalRoles, type CoalitionRole } from "../../lib/permissions";
import { decide, type Actor } from "../../lib/policy";
import { POSTS_PER_PAGE } from "../../lib/thread-validation";
import { coalitionState } from "../access.server";
import { postPath, threadPath, threadTarget } from "../posts.server";
import { mailDomain, mailOrigin } from "./addresses.server";
import { listHeaders } from "./compose.server";
import { deliveryFor } from "./preferences.server";
import { unsubscribeUrl } from "./unsubscribe.server";

// Digests (issue 22). A periodic job (server/jobs/digests.ts) asks planDigests every few minutes
// which people have a digest moment that is due (DIGEST_HOUR in their zone; see digest-schedule)
// and enqueues one `mail:digest` job per person and local date, keyed by both: however many
// instances plan, a person gets one digest job a day. The job (sendDigest) gathers, for each of the
// person's coalitions whose digest is due then, what happened since that coalition's mark and
// that the person has not seen, renders ONE mail in their language, enqueues it as a keyed
// `mail:send`, and moves the marks forward, all in one transaction. Nothing new: no mail.
//
// "Not seen": not their own; not before their last visit to the home page (users.last_seen_at:
// its "since your last visit" feed showed it); for threads and replies, not up to their read
// position in the thread (thread_reads), and not a post a mention or reply notification already
// told them about (read in the bell, or mailed at once); not in an earlier digest (the marks). A
// meeting is announced once, when it comes within MEETING_HORIZON_MS or is scheduled or changed.
// Every item passes the policy (decide) for the person's role now: members-only threads only reach
// the coalition's roles, and a coalition the person has left is not in their digest at all.

/** At most this many items of each kind per coalition; the rest are counted, with a link. */
const SECTION_MAX = 10;

function section<T>(items: T[]): DigestSection<T> {
  return { items: items.slice(0, SECTION_MAX), more: Math.max(0, items.length - SECTION_MAX) };
}

const choiceOf = (c: DigestCandidate) => ({ delivery: c.delivery ?? DEFAULT_COALITION_DELIVERY, day: c.digest_day ?? DEFAULT_DIGEST_DAY });

/** The candidates whose digest is due at this moment and not yet dealt with. */
function dueCandidates(rows: DigestCandidate[], moment: DigestMoment): DigestCandidate[] {
  const through = moment.at.toISOString();
  return rows.filter((r) => {
    const { delivery, day } = choiceOf(r);
    return dueAt(delivery, day, moment) && (!r.through || r.through < through);
  });
}

interface PersonalDue {
  kind: "mention" | "reply";
  delivery: Delivery;
  since: string | null;
}

/** Mentions and replies whose digest is due at this moment and not yet dealt with. */
function duePersonal(row: PersonalDigestCandidate | undefined, moment: DigestMoment): PersonalDue[] {
  if (!row) return [];
  const through = moment.at.toISOString();
  const kinds: PersonalDue[] = [
    { kind: "mention", delivery: row.mentions, since: row.mention_through },
    { kind: "reply", delivery: row.replies, since: row.reply_through },
  ];
  return kinds.filter((k) => dueAt(k.delivery, row.digest_day, moment) && (!k.since || k.since < through));
}

/** Enqueues the digest jobs due at `now`. Returns how many were added (a job already there is not). */
export async function planDigests(db: Executor, now: Date): Promise<number> {
  const byUser = new Map<string, DigestCandidate[]>();
  for (const row of await listDigestCandidates(db)) {
    const list = byUser.get(row.user_id);
    if (list) list.push(row);
    else byUser.set(row.user_id, [row]);
  }
  const personal = new Map((await listPersonalDigestCandidates(db)).map((r) => [r.user_id, r]));
  let added = 0;
  for (const userId of new Set([...byUser.keys(), ...personal.keys()])) {
    const rows = byUser.get(userId) ?? [];
    const moment = latestDigestMoment(now, rows[0]?.time_zone ?? personal.get(userId)?.time_zone);
    if (now.getTime() - moment.at.getTime() > DIGEST_GRACE_MS) continue;
    if (!dueCandidates(rows, moment).length && !duePersonal(personal.get(userId), moment).length) continue;
    if (await enqueue(db, "mail:digest", { userId, date: moment.date }, { key: `digest:${userId}:${moment.date}`, runAt: now })) added++;
  }
  return added;
}

export type DigestOutcome = "sent" | "empty" | "not-due";

const later = (a: string, b: string | null | undefined) => (b && b > a ? b : a);

/** The posts (thread id → numbers) a mention or reply notification already told the person about. */
async function postsToldOf(db: Executor, user: User, since: string): Promise<Set<string>> {
  const rows = await listPostNotifications(db, user.id, since);
  if (!rows.length) return new Set();
  const [mentions, replies] = await Promise.all([deliveryFor(db, user.id, "mentions"), deliveryFor(db, user.id, "replies")]);
  const mailed = { mention: mentions.delivery === "immediate", reply: replies.delivery === "immediate" } as Record<string, boolean>;
  const told = new Set<string>();
  for (const n of rows) {
    const m = /\/threads\/([^/?#]+)[^#]*#post-(\d+)/.exec(n.link);
    if (m && (n.read_at || mailed[n.kind])) told.add(`${m[1]}#${m[2]}`);
  }
  return told;
}

interface Window {
  coalition: Coalition;
  role: CoalitionRole;
  delivery: Delivery;
  /** The coalition's mark: the end of what earlier digests covered. */
  since: string;
  through: string;
}

/** What one coalition's part of the digest holds, for this person now. */
async function coalitionDigest(db: Executor, user: User, locale: Locale, w: Window, told: Set<string>): Promise<DigestCoalition> {
  const { coalition } = w;
  const actor: Actor = { userId: user.id, roles: principalRoles({ signedIn: true, isSiteAdmin: Boolean(user.is_site_admin), membershipRole: w.role }) };
  const state = coalitionState(coalition);
  const readsThread = (t: { locked: number; audience: "public" | "members" }) => decide(actor, "thread:read", { coalition: state, thread: threadTarget(t) }).ok;
  const origin = mailOrigin();
  const q = { coalitionId: coalition.id, userId: user.id, since: later(w.since, user.last_seen_at), through: w.through };

  const [threadRows, replyRows, outputRows, meetingRows] = await Promise.all([
    listNewThreads(db, q),
    listNewReplies(db, q),
    listNewOutputs(db, q),
    listUpcomingMeetings(db, {
      coalitionId: coalition.id,
      userId: user.id,
      since: w.since,
      from: w.through,
      until: new Date(Date.parse(w.through) + MEETING_HORIZON_MS).toISOString(),
      earlierUntil: new Date(Date.parse(w.since) + MEETING_HORIZON_MS).toISOString(),
    }),
  ]);

  const threads: DigestThread[] = [];
  const newThreads = new Map<string, DigestThread>();
  for (const t of threadRows) {
    if (!readsThread(t) || Number(t.last_read_number ?? 0) >= 1) continue;
    const item = { title: t.title, author: t.author_name ?? null, url: `${origin}${threadPath(coalition.slug, t.id)}`, replies: 0 };
    threads.push(item);
    newThreads.set(t.id, item);
  }
  const replies = new Map<string, DigestReplies & { first: number }>();
  for (const p of replyRows) {
    if (!readsThread(p) || told.has(`${p.thread_id}#${p.number}`)) continue;
    const inNew = newThreads.get(p.thread_id);
    if (inNew) {
      inNew.replies++;
      continue;
    }
    const group = replies.get(p.thread_id);
    const author = p.author_name ?? null;
    if (group) {
      group.count++;
      if (author && !group.authors.includes(author)) group.authors.push(author);
    } else {
      const url = `${origin}${postPath(coalition.slug, p.thread_id, Number(p.number), POSTS_PER_PAGE)}`;
      replies.set(p.thread_id, { title: p.title, count: 1, authors: author ? [author] : [], url, first: Number(p.number) });
    }
  }
  const outputs = outputRows
    .filter((v) => decide(actor, "version:read", { coalition: state, version: { withdrawn: Boolean(v.withdrawn_at) } }).ok)
    .map((v) => ({ title: v.title, number: Number(v.number), label: v.label, publisher: v.publisher_name ?? null, url: `${origin}/coalitions/${coalition.slug}/outputs/${v.id}` }));
  const when = dateTimeFormat({ weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: digestZone(user.time_zone), timeZoneName: "short" }, locale);
  const meetings = decide(actor, "event:read", { coalition: state }).ok
    ? meetingRows.map((e) => ({ title: e.title, when: when.format(new Date(e.starts_at)), url: `${origin}/coalitions/${coalition.slug}/calendar/${e.id}` }))
    : [];

  return {
    name: coalition.name,
    url: `${origin}/coalitions/${coalition.slug}`,
    threads: section(threads),
    replies: section([...replies.values()].map(({ first: _first, ...r }) => r)),
    outputs: section(outputs),
    meetings: section(meetings),
  };
}

/** Unread mentions of the person and replies to their posts, of the kinds due, that they may still read. */
async function personalDigest(db: Executor, user: User, due: PersonalDue[], moment: DigestMoment, told: Set<string>): Promise<DigestSection<DigestPersonal>> {
  const items: DigestPersonal[] = [];
  const through = moment.at.toISOString();
  for (const k of due) {
    const since = k.since ?? new Date(moment.at.getTime() - periodMs(k.delivery)).toISOString();
    for (const n of await listUnreadNotifications(db, { userId: user.id, kind: k.kind, since, through })) {
      const m = /^\/coalitions\/[^/?#]+\/threads\/([^/?#]+)[^#]*#post-(\d+)$/.exec(n.link);
      if (!m) continue;
      const thread = await findThreadById(db, m[1]);
      const coalition = thread ? await findCoalitionById(db, thread.coalition_id) : undefined;
      const post = thread ? await findPostAt(db, thread.id, Number(m[2])) : undefined;
      if (!thread || !coalition || !post || post.deleted_at || post.hidden_at) continue;
      const membership = await findMembership(db, coalition.id, user.id);
      const roles = principalRoles({ signedIn: true, isSiteAdmin: Boolean(user.is_site_admin), membershipRole: membership?.role ?? null });
      if (!decide({ userId: user.id, roles }, "thread:read", { coalition: coalitionState(coalition), thread: threadTarget(thread) }).ok) continue;
      const key = `${thread.id}#${m[2]}`;
      if (told.has(key)) continue;
      told.add(key);
      items.push({ kind: k.kind, author: post.author_name ?? null, title: thread.title, coalition: coalition.name, url: `${mailOrigin()}${n.link}` });
    }
  }
  return section(items);
}

/**
 * The `mail:digest` job: the person's digest for a local date. Run it inside a transaction: the
 * mail (a keyed mail:send) and the marks are written together, so a run that fails leaves
 * neither, and a second run of the same job finds the marks moved and does nothing.
 */
export async function sendDigest(db: Executor, payload: { userId: string; date: string }, now: Date): Promise<DigestOutcome> {
  const user = await findUserById(db, payload.userId);
  if (!user) return "not-due";
  const moment = digestMomentOn(payload.date, user.time_zone);
  const through = moment.at.toISOString();
  const due = dueCandidates(await listDigestCandidates(db, user.id), moment);
  const personalDue = duePersonal((await listPersonalDigestCandidates(db, user.id))[0], moment);
  if (!due.length && !personalDue.length) return "not-due";

  const windows: Window[] = [];
  for (const row of due) {
    const [coalition, membership] = await Promise.all([findCoalitionById(db, row.coalition_id), findMembership(db, row.coalition_id, user.id)]);
    if (!coalition || !membership) continue;
    const { delivery } = choiceOf(row);
    const since = row.through ?? new Date(moment.at.getTime() - periodMs(delivery)).toISOString();
    windows.push({ coalition, role: membership.role, delivery, since, through });
  }
  windows.sort((a, b) => a.coalition.name.localeCompare(b.coalition.name));
  const locale: Locale = localeOrDefault(user.language);
  const earliest = windows.reduce((min, w) => (w.since < min ? w.since : min), through);
  const told = await postsToldOf(db, user, earliest);
  // Mentions and replies first: a post listed there is not counted again in its coalition's replies.
  const personal = await personalDigest(db, user, personalDue, moment, told);
  const hasPersonal = countItems([], personal) > 0;
  const parts: Array<{ window: Window; digest: DigestCoalition }> = [];
  for (const window of windows) {
    const digest = await coalitionDigest(db, user, locale, window, told);
    if (countItems([digest])) parts.push({ window, digest });
  }

  const marked = due.map((r) => r.coalition_id);
  const advance = async () => {
    await advanceDigestMarks(db, user.id, marked, through, now.toISOString());
    for (const k of personalDue) await advancePersonalDigestMark(db, user.id, k.kind, through, now.toISOString());
  };
  if (!parts.length && !hasPersonal) {
    await advance();
    return "empty";
  }

  const kindOf = (deliveries: Delivery[]) => {
    const set = new Set(deliveries);
    return set.size > 1 ? "mixed" : set.has("daily") ? "daily" : "weekly";
  };
  const coalitionDeliveries = parts.map((p) => p.window.delivery);
  const personalDeliveries = hasPersonal ? personalDue.map((k) => k.delivery) : [];
  const single = parts.length === 1 && !hasPersonal ? parts[0].window.coalition : null;
  const unsubscribe = await unsubscribeUrl(db, user.id, single ? { coalitionId: single.id } : "digests");
  const origin = mailOrigin();
  const rendered = renderDigest({
    locale,
    recipientName: user.name,
    kind: kindOf([...coalitionDeliveries, ...personalDeliveries]),
    coalitionKind: kindOf(coalitionDeliveries),
    coalitions: parts.map((p) => p.digest),
    personal: hasPersonal ? personal : null,
    preferencesUrl: `${origin}/settings/notifications`,
    notificationsUrl: `${origin}/notifications`,
    unsubscribeUrl: unsubscribe,
    unsubscribeCoalition: single?.name ?? null,
  });
  const headers = single
    ? listHeaders(single, `/coalitions/${single.slug}/threads`, unsubscribe)
    : listHeaders({ slug: "digest", name: "Coalition Workspace digest" }, "/", unsubscribe);
  await enqueue(
    db,
    "mail:send",
    { to: user.email, subject: rendered.subject, text: rendered.text, html: rendered.html, headers, messageId: `digest-${user.id}-${payload.date}@${mailDomain()}` },
    { key: `digest-mail:${user.id}:${payload.date}`, runAt: now },
  );
  await advance();
  return "sent";
}
