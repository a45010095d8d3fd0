import { getDb } from "../../db/client";
import { findCoalitionById } from "../../db/queries/coalitions";
import { listPostSizes, listPostsByIds, listPostsByNumber, listRevisions, type PostRow } from "../../db/queries/posts";
import {
  advanceReadPosition,
  countThreads,
  findDocumentTitle,
  findReadPosition,
  findThreadById,
  insertThread,
  listCoordinatedCoalitions,
  listDocumentChoices,
  listThreadsByDocument,
  listThreadsPage,
  updateThread,
  type ThreadListRow,
} from "../../db/queries/threads";
import { newId, now } from "../../db/ids";
import type { Thread } from "../../db/schema";
import type { RequestUser } from "../load-context";
import { t } from "../lib/i18n/messages";
import { excerpt } from "../lib/markdown.server";
import { stakeholderLabel } from "../lib/stakeholders";
import { PAGE_HTML_BUDGET, POSTS_PER_PAGE, THREADS_PER_PAGE } from "../lib/thread-validation";
import { partOf, splitBySize } from "../lib/thread-paging";
import { reachesAudience } from "../lib/policy";
import type { ThreadAudience } from "../lib/thread-audience";
import { accessFor, decideFor, requireAllowed, type CoalitionAccess } from "./access.server";
import { announcePost, recipientReads, refuse, renderPost, shortTitle, threadTarget, writePost, type WriteRefusal } from "./posts.server";
import { notify, type NotificationMessage } from "./notifications.server";
import { emitDomainEvent } from "./events.server";
import { writeAudit } from "./audit.server";
import { enqueue } from "../../db/queries/jobs";

export interface ThreadSummary {
  id: string;
  title: string;
  pinned: boolean;
  locked: boolean;
  audience: ThreadAudience;
  postCount: number;
  lastActivityAt: string;
  lastPostBy: string | null;
  authorName: string | null;
  createdAt: string;
  /** Signed-in viewers only: posts they have not seen yet. */
  unread: number | null;
  href: string;
}

function summarize(slug: string, row: ThreadListRow, signedIn: boolean): ThreadSummary {
  const read = row.last_read_number === null ? 0 : Number(row.last_read_number);
  return {
    id: row.id,
    title: row.title,
    pinned: Boolean(row.pinned),
    locked: Boolean(row.locked),
    audience: row.audience,
    postCount: Number(row.post_count),
    lastActivityAt: row.last_activity_at,
    lastPostBy: row.last_post_by_name,
    authorName: row.author_name,
    createdAt: row.created_at,
    unread: signedIn ? Math.max(0, Number(row.last_post_number) - read) : null,
    href: `/coalitions/${slug}/threads/${row.id}`,
  };
}

/** The thread audiences this viewer reaches in the coalition at hand (the policy's answer, for queries). */
export function readableAudiences(access: Pick<CoalitionAccess, "roles">): ThreadAudience[] {
  return reachesAudience(access.roles, "members") ? ["public", "members"] : ["public"];
}

/** One page (50) of a coalition's threads the viewer may read, pinned first. */
export async function listThreads(access: CoalitionAccess, requestedPage: number) {
  const db = getDb();
  const audiences = readableAudiences(access);
  const total = await countThreads(db, access.coalition.id, audiences);
  const pages = Math.max(1, Math.ceil(total / THREADS_PER_PAGE));
  const page = Math.min(Math.max(1, requestedPage), pages);
  const rows = await listThreadsPage(db, {
    coalitionId: access.coalition.id,
    viewerId: access.user?.id ?? null,
    audiences,
    limit: THREADS_PER_PAGE,
    offset: (page - 1) * THREADS_PER_PAGE,
  });
  return { threads: rows.map((r) => summarize(access.coalition.slug, r, Boolean(access.user))), page, pages, total };
}

/** Documents a new thread can be about (members see documents; others get none). */
export async function documentChoices(access: CoalitionAccess) {
  if (!access.abilities["document:read"]) return [];
  return listDocumentChoices(getDb(), access.coalition.id);
}

/** Starts a thread with its first post, in one transaction. */
export async function createThread(
  access: CoalitionAccess,
  input: { title: string; body: string; documentId: string | null; audience?: ThreadAudience | null },
): Promise<{ ok: true; threadId: string } | WriteRefusal> {
  const allowed = decideFor(access, "thread:create");
  if (!allowed.ok) return allowed;
  const db = getDb();
  if (input.documentId) {
    const doc = await findDocumentTitle(db, input.documentId);
    if (!doc || doc.coalition_id !== access.coalition.id) {
      return refuse(400, t("threads.error.documentNotHere"), { document_id: t("threads.validation.chooseDocument") });
    }
  }
  const rendered = await renderPost(db, access, input.body);
  if ("ok" in rendered) return rendered;
  const audience = input.audience ?? access.coalition.default_thread_audience;
  const at = now();
  const threadId = newId();
  const written = await db.transaction().execute(async (tx) => {
    await insertThread(tx, {
      id: threadId,
      coalition_id: access.coalition.id,
      title: input.title,
      author_id: access.user!.id,
      document_id: input.documentId,
      pinned: 0,
      locked: 0,
      audience,
      post_count: 0,
      last_post_number: 0,
      last_activity_at: at,
      last_post_by: access.user!.id,
      created_at: at,
      updated_at: at,
    });
    const post = await writePost(tx, access, threadId, { body: input.body, replyTo: null, rendered });
    // Mail to those who want the coalition's news at once (issue 22): queued with the thread, or not at all.
    await enqueue(tx, "mail:thread-started", { threadId });
    return post;
  });
  await announcePost(access, { id: threadId, title: input.title, audience }, written, POSTS_PER_PAGE);
  return { ok: true, threadId };
}

export type ThreadLookup = { thread: Thread } | { movedTo: string } | null;

/**
 * A thread of this coalition that the viewer may read (a members-only thread is not found by
 * anyone outside its audience). A thread moved elsewhere answers with its new address when the
 * viewer may read it there; anything else is not found (ids from other coalitions are refused).
 */
export async function findThread(access: CoalitionAccess, threadId: string): Promise<ThreadLookup> {
  const thread = await findThreadById(getDb(), threadId);
  if (!thread) return null;
  if (thread.coalition_id === access.coalition.id) return decideFor(access, "thread:read", { thread: threadTarget(thread) }).ok ? { thread } : null;
  const other = await findCoalitionById(getDb(), thread.coalition_id);
  if (!other) return null;
  const there = await accessFor(other, access.user);
  return decideFor(there, "thread:read", { thread: threadTarget(thread) }).ok ? { movedTo: `/coalitions/${other.slug}/threads/${thread.id}` } : null;
}

export interface PostView {
  id: string;
  number: number;
  author: { id: string | null; name: string; organization: string | null; group: string | null };
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  hidden: { reason: string } | null;
  /** Sanitised HTML; empty when deleted, or hidden from this viewer. */
  html: string;
  replyTo: { id: string; number: number; authorName: string; excerpt: string; href: string } | null;
  mine: boolean;
  revisions: Array<{ id: number; body: string; reason: string; createdAt: string; editorName: string | null }>;
  /** The Markdown, only for the viewer's own post being edited (keeps pages small). */
  source: string | null;
}

function pageOf(number: number): number {
  return Math.max(1, Math.ceil(number / POSTS_PER_PAGE));
}

function postView(row: PostRow, viewer: RequestUser | null, moderator: boolean, replyTo: PostView["replyTo"], editId: string | null): PostView {
  const hidden = row.hidden_at ? { reason: row.hidden_reason ?? "" } : null;
  return {
    id: row.id,
    number: Number(row.number),
    author: {
      id: row.author_id,
      name: row.author_name ?? t("threads.formerUser"),
      organization: row.author_organization,
      group: row.author_stakeholder_group ? stakeholderLabel(row.author_stakeholder_group) : null,
    },
    createdAt: row.created_at,
    editedAt: row.edited_at,
    deleted: Boolean(row.deleted_at),
    hidden,
    // Hidden text stays visible to coordinators (to review it) and to its author.
    html: row.deleted_at || (hidden && !moderator && row.author_id !== viewer?.id) ? "" : row.body_html,
    replyTo,
    mine: Boolean(viewer && row.author_id === viewer.id),
    revisions: [],
    source: editId === row.id && viewer && row.author_id === viewer.id && !row.deleted_at ? row.body : null,
  };
}

/**
 * One page of a thread for this viewer. Without a page asked for, it opens where the viewer
 * stopped reading (the page of the first unread post). Moves the read position forward.
 */
export async function threadPage(access: CoalitionAccess, thread: Thread, requestedPage: number | null, editId: string | null = null, requestedPart: number | null = null) {
  const db = getDb();
  const viewer = access.user;
  const moderator = access.abilities["thread:moderate"];
  const last = Number(thread.last_post_number);
  const pages = pageOf(last);
  const readBefore = viewer ? await findReadPosition(db, viewer.id, thread.id) : null;
  const firstUnread = viewer && (readBefore ?? 0) < last ? (readBefore ?? 0) + 1 : null;
  const page = Math.min(requestedPage ?? (firstUnread ? pageOf(firstUnread) : readBefore ? pageOf(readBefore) : 1), pages);
  // The page's posts by number, then the part of it that fits the size budget (see thread-paging.ts).
  const parts = splitBySize(await listPostSizes(db, thread.id, (page - 1) * POSTS_PER_PAGE + 1, Math.min(page * POSTS_PER_PAGE, last)), PAGE_HTML_BUDGET);
  const part = Math.min(requestedPart ?? (requestedPage === null && firstUnread ? partOf(parts, firstUnread) : 1), Math.max(1, parts.length));
  const from = parts[part - 1]?.from ?? (page - 1) * POSTS_PER_PAGE + 1;
  const to = parts[part - 1]?.to ?? Math.min(page * POSTS_PER_PAGE, last);
  const rows = await listPostsByNumber(db, thread.id, from, to);

  const replyIds = [...new Set(rows.map((r) => r.reply_to_id).filter((id): id is string => Boolean(id)))];
  const onPage = new Map(rows.map((r) => [r.id, r]));
  const targets = new Map(onPage);
  for (const r of await listPostsByIds(db, thread.id, replyIds.filter((id) => !onPage.has(id)))) targets.set(r.id, r);
  const base = `/coalitions/${access.coalition.slug}/threads/${thread.id}`;
  const posts = rows.map((row) => {
    const target = row.reply_to_id ? targets.get(row.reply_to_id) : undefined;
    const quote = target
      ? {
          id: target.id,
          number: Number(target.number),
          authorName: target.author_name ?? t("threads.formerUser"),
          excerpt: target.deleted_at ? t("posts.excerpt.deleted") : target.hidden_at ? t("posts.excerpt.hidden") : excerpt(target.body),
          href: `${base}?page=${pageOf(Number(target.number))}#post-${target.number}`,
        }
      : null;
    return postView(row, viewer, moderator, quote, editId);
  });
  // Earlier versions: coordinators see every post's, authors their own.
  const withHistory = rows.filter((r) => (r.edited_at || r.deleted_at) && (moderator || (viewer && r.author_id === viewer.id)));
  if (withHistory.length) {
    const revisions = await listRevisions(db, withHistory.map((r) => r.id));
    const byPost = new Map(posts.map((p) => [p.id, p]));
    for (const rev of revisions) {
      byPost.get(rev.post_id)?.revisions.push({ id: Number(rev.id), body: rev.body, reason: rev.reason, createdAt: rev.created_at, editorName: rev.editor_name });
    }
  }
  if (viewer && to > (readBefore ?? 0)) await advanceReadPosition(db, viewer.id, thread.id, to, now());
  const document = thread.document_id ? await findDocumentTitle(db, thread.document_id) : undefined;
  return {
    thread: {
      id: thread.id,
      title: thread.title,
      pinned: Boolean(thread.pinned),
      locked: Boolean(thread.locked),
      lockedReason: thread.locked ? thread.locked_reason : null,
      audience: thread.audience,
      postCount: Number(thread.post_count),
      lastPostNumber: last,
      createdAt: thread.created_at,
      document: document && access.abilities["document:read"] ? { id: document.id, title: document.title, href: `/coalitions/${access.coalition.slug}/documents/${document.id}` } : null,
    },
    posts,
    page,
    pages,
    /** The parts of this page when its posts' HTML passes the budget (one part otherwise), and this part (1-based). */
    part,
    parts,
    firstUnread: firstUnread && firstUnread >= from && firstUnread <= to ? firstUnread : null,
    moveTargets: moderator && viewer ? await listCoordinatedCoalitions(db, viewer.id, access.coalition.id) : [],
    documentTargets: moderator ? await listDocumentChoices(db, access.coalition.id) : [],
    currentDocumentId: thread.document_id,
  };
}

/**
 * Lock/unlock and pin/unpin (`thread:moderate`, else the refusal is thrown). Audited. A lock may
 * carry a reason: shown on the thread, and sent to the thread's author with the notification.
 */
export async function setThreadFlags(
  access: CoalitionAccess,
  thread: Thread,
  patch: { locked?: boolean; pinned?: boolean },
  reason: string | null = null,
): Promise<void> {
  requireAllowed(access, "thread:moderate");
  const action =
    patch.locked !== undefined ? (patch.locked ? "thread.locked" : "thread.unlocked") : patch.pinned ? "thread.pinned" : "thread.unpinned";
  const lockReason = patch.locked ? reason : null;
  await getDb().transaction().execute(async (tx) => {
    await updateThread(tx, thread.id, {
      ...(patch.locked === undefined
        ? {}
        : { locked: patch.locked ? 1 : 0, locked_reason: lockReason, locked_at: patch.locked ? now() : null, locked_by: patch.locked ? access.user!.id : null }),
      ...(patch.pinned === undefined ? {} : { pinned: patch.pinned ? 1 : 0 }),
      updated_at: now(),
    });
    await writeAudit(tx, { coalitionId: thread.coalition_id, actorId: access.user!.id, action, reason: lockReason, detail: { threadId: thread.id, title: thread.title } });
  });
  const author = thread.author_id;
  if (patch.locked && !thread.locked && author && author !== access.user!.id && (await recipientReads(access, thread, author))) {
    const title = shortTitle(thread.title);
    const message: NotificationMessage = lockReason
      ? { id: "notifications.message.threadLockedReason", values: { title, reason: lockReason } }
      : { id: "notifications.message.threadLocked", values: { title } };
    await notify(author, { kind: "moderation", message, link: `/coalitions/${access.coalition.slug}/threads/${thread.id}` });
  }
}

/**
 * A coordinator makes a thread public or members-only (`thread:moderate`, else the refusal is
 * thrown). Audited. Applies at once: every read asks the policy with the stored audience, and
 * open live streams of the thread close so that their reconnect is checked again.
 */
export async function setThreadAudience(access: CoalitionAccess, thread: Thread, audience: ThreadAudience): Promise<void> {
  requireAllowed(access, "thread:moderate", { thread: threadTarget(thread) });
  if (thread.audience === audience) return;
  await getDb().transaction().execute(async (tx) => {
    await updateThread(tx, thread.id, { audience, updated_at: now() });
    await writeAudit(tx, {
      coalitionId: thread.coalition_id,
      actorId: access.user!.id,
      action: "thread.audience_changed",
      detail: { threadId: thread.id, title: thread.title, from: thread.audience, audience },
    });
  });
  emitDomainEvent({ type: "thread.audience", coalitionId: thread.coalition_id, threadId: thread.id });
}

/** Moves a thread to another coalition where the same person may moderate threads. */
export async function moveThread(access: CoalitionAccess, thread: Thread, targetCoalitionId: string): Promise<{ ok: true; slug: string } | WriteRefusal> {
  const allowed = decideFor(access, "thread:moderate");
  if (!allowed.ok) return allowed;
  const target = await findCoalitionById(getDb(), targetCoalitionId);
  if (!target || target.id === thread.coalition_id) return refuse(400, t("moderation.error.otherCoalition"), { coalition_id: t("moderation.error.otherCoalition") });
  const there = await accessFor(target, access.user);
  if (!there.abilities["thread:moderate"]) {
    return refuse(403, t("moderation.error.moveNotCoordinator"), { coalition_id: t("moderation.error.notCoordinatorThere") });
  }
  // A document belongs to its coalition: the moved thread is no longer "about" it.
  await getDb().transaction().execute(async (tx) => {
    await updateThread(tx, thread.id, { coalition_id: target.id, document_id: null, updated_at: now() });
    const detail = { threadId: thread.id, title: thread.title, from: access.coalition.name, to: target.name };
    await writeAudit(tx, { coalitionId: access.coalition.id, actorId: access.user!.id, action: "thread.moved_out", detail });
    await writeAudit(tx, { coalitionId: target.id, actorId: access.user!.id, action: "thread.moved_in", detail });
  });
  return { ok: true, slug: target.slug };
}

/**
 * Moves a thread to another document of its coalition, or to none (`thread:moderate`). The
 * document must be a live one of this coalition. Audited; a no-op when nothing changes.
 */
export async function moveThreadToDocument(access: CoalitionAccess, thread: Thread, documentId: string | null): Promise<{ ok: true } | WriteRefusal> {
  const allowed = decideFor(access, "thread:moderate", { thread: threadTarget(thread) });
  if (!allowed.ok) return allowed;
  const db = getDb();
  const doc = documentId ? await findDocumentTitle(db, documentId) : null;
  if (documentId && (!doc || doc.coalition_id !== thread.coalition_id || doc.archived_at)) {
    return refuse(400, t("threads.validation.chooseDocument"), { document_id: t("threads.validation.chooseDocument") });
  }
  if ((thread.document_id ?? null) === documentId) return { ok: true };
  const from = thread.document_id ? await findDocumentTitle(db, thread.document_id) : null;
  await db.transaction().execute(async (tx) => {
    await updateThread(tx, thread.id, { document_id: documentId, updated_at: now() });
    await writeAudit(tx, {
      coalitionId: thread.coalition_id,
      actorId: access.user!.id,
      action: "thread.document_changed",
      detail: { threadId: thread.id, title: thread.title, from: from?.title ?? null, to: doc?.title ?? null, documentId },
    });
  });
  return { ok: true };
}

/**
 * The threads about a document, for the document page: `[]` when the viewer may not read
 * the coalition's threads. Each has title, counts, last activity, unread and href.
 */
export async function listThreadsForDocument(documentId: string, user: RequestUser | null, limit = 20): Promise<ThreadSummary[]> {
  const db = getDb();
  const doc = await findDocumentTitle(db, documentId);
  if (!doc) return [];
  const coalition = await findCoalitionById(db, doc.coalition_id);
  if (!coalition) return [];
  const access = await accessFor(coalition, user);
  if (!access.abilities["thread:read"]) return [];
  const rows = await listThreadsByDocument(db, documentId, user?.id ?? null, readableAudiences(access), limit);
  return rows.filter((r) => r.coalition_id === coalition.id).map((r) => summarize(coalition.slug, r, Boolean(user)));
}
