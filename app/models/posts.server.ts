import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";
import { findMembership } from "../../db/queries/memberships";
import { findMembersByHandles, findPostInThread, insertPost, insertRevision, updatePost } from "../../db/queries/posts";
import { advanceReadPosition, allocatePostNumber, findThreadById } from "../../db/queries/threads";
import type { Executor } from "../../db/queries/users";
import type { Thread } from "../../db/schema";
import { t } from "../lib/i18n/messages";
import { excerpt, mentionHandles, renderMarkdown, withHandles, type MentionTarget } from "../lib/markdown.server";
import type { FieldErrors } from "../lib/validation";
import { bodyField, POST_HTML_MAX, postHtmlTooLong, POSTS_PER_PAGE } from "../lib/thread-validation";
import { allows, lockedThreadMessage, type Refusal } from "../lib/policy";
import { principalRoles, type CoalitionRole } from "../lib/permissions";
import type { ThreadAudience } from "../lib/thread-audience";
import { coalitionState, decideFor, type CoalitionAccess } from "./access.server";
import { emitDomainEvent } from "./events.server";
import { notify } from "./notifications.server";
import { writeAudit } from "./audit.server";

/** A refused write: the one refusal type (see app/lib/policy.ts). */
export type WriteRefusal = Refusal;

/** A refusal with a message above the form and, optionally, others under its fields. */
export const refuse = (status: Refusal["status"], message: string, fieldErrors: FieldErrors = {}): Refusal => ({ ok: false, status, message, fieldErrors });

export const lockedMessage = lockedThreadMessage;

/** What the policy looks at in a thread: its lock and its audience. */
export function threadTarget(thread: Pick<Thread, "locked" | "audience">) {
  return { locked: Boolean(thread.locked), audience: thread.audience };
}

/** What the policy says about a post of this thread (its author, whether deleted, the thread's lock). */
function postTarget(thread: Thread, post: { author_id: string | null; deleted_at: string | null }) {
  return { thread: threadTarget(thread), post: { authorId: post.author_id, deleted: Boolean(post.deleted_at) } };
}

export function threadPath(slug: string, threadId: string): string {
  return `/coalitions/${slug}/threads/${threadId}`;
}

/** Where a post is: its page of the thread and its anchor. */
export function postPath(slug: string, threadId: string, number: number, perPage: number): string {
  return `${threadPath(slug, threadId)}?page=${Math.ceil(number / perPage)}#post-${number}`;
}

/**
 * The coalition members a text mentions, keyed by what was written after the `@` (lower-cased):
 * their handle, or (mentions from before handles) the part of their email before the `@`. A
 * handle wins over someone else's email local part. Either way the link shows the handle.
 */
async function resolveMentions(db: Executor, access: CoalitionAccess, body: string): Promise<Map<string, MentionTarget>> {
  const handles = mentionHandles(body).slice(0, 50);
  const rows = await findMembersByHandles(db, access.coalition.id, handles);
  const map = new Map<string, MentionTarget>();
  const target = (row: (typeof rows)[number]): MentionTarget => ({
    userId: row.id,
    name: row.name,
    handle: row.handle,
    href: `/coalitions/${access.coalition.slug}/members#member-${row.id}`,
  });
  for (const row of rows) if (row.handle && handles.includes(row.handle)) map.set(row.handle, target(row));
  for (const row of rows) {
    const local = row.email.slice(0, row.email.lastIndexOf("@")).toLowerCase();
    if (!handles.includes(local) || map.has(local) || !row.handle) continue;
    map.set(local, target(row));
  }
  return map;
}

/** Renders Markdown as it would be posted in this coalition (mentions resolved), for previews. */
/**
 * The preview of a post as it would be saved, or the same field error saving would give: a
 * preview renders nothing that could not be posted (a 5 MB body is refused, not rendered).
 */
export async function previewPost(access: CoalitionAccess, body: string): Promise<{ ok: true; html: string } | { ok: false; error: string }> {
  const parsed = bodyField.safeParse(body);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? t("posts.validation.bodyRequired") };
  const rendered = await renderPost(getDb(), access, parsed.data);
  return "html" in rendered ? { ok: true, html: rendered.html } : { ok: false, error: postHtmlTooLong() };
}

export interface RenderedPost {
  html: string;
  mentioned: string[];
  /** The mentions resolved in the body (the stored body names each by handle: withHandles). */
  mentions: Map<string, MentionTarget>;
}

/** Renders a post as it would be saved (mentions resolved), or refuses it when its HTML is over POST_HTML_MAX. */
export async function renderPost(db: Executor, access: CoalitionAccess, body: string): Promise<RenderedPost | Refusal> {
  const mentions = await resolveMentions(db, access, body);
  const rendered = renderMarkdown(body, { mentions });
  if (rendered.html.length > POST_HTML_MAX) return refuse(400, postHtmlTooLong(), { body: postHtmlTooLong() });
  return { ...rendered, mentions };
}

interface Written {
  postId: string;
  number: number;
  mentioned: string[];
  replyToAuthor: string | null;
}

/**
 * Inserts a post in the caller's transaction: takes the next number. `rendered` comes from
 * `renderPost` (which refuses oversized HTML); `replyTo` must already be checked to belong to the thread.
 */
export async function writePost(
  tx: Executor,
  access: CoalitionAccess,
  threadId: string,
  input: { body: string; replyTo: { id: string; authorId: string | null } | null; rendered: RenderedPost },
): Promise<Written> {
  const at = now();
  const authorId = access.user!.id;
  const number = await allocatePostNumber(tx, threadId, authorId, at);
  const { html, mentioned, mentions } = input.rendered;
  const postId = newId();
  await insertPost(tx, {
    id: postId,
    thread_id: threadId,
    number,
    author_id: authorId,
    body: withHandles(input.body, mentions),
    body_html: html,
    reply_to_id: input.replyTo?.id ?? null,
    edited_at: null,
    deleted_at: null,
    hidden_at: null,
    hidden_by: null,
    hidden_reason: null,
    created_at: at,
  });
  // Your own post is not news to you.
  await advanceReadPosition(tx, authorId, threadId, number, at);
  return { postId, number, mentioned, replyToAuthor: input.replyTo?.authorId ?? null };
}

/**
 * May this user read the thread now, as the policy decides from their membership? Only they hear
 * about it: nobody outside a members-only thread's audience is notified of it.
 */
export async function recipientReads(access: CoalitionAccess, thread: { audience: ThreadAudience }, userId: string): Promise<boolean> {
  const membership = await findMembership(getDb(), access.coalition.id, userId);
  const roles = principalRoles({ signedIn: true, membershipRole: (membership?.role as CoalitionRole | undefined) ?? null });
  return allows({ userId, roles }, "thread:read", { coalition: coalitionState(access.coalition), thread: { locked: false, audience: thread.audience } });
}

/** After the commit: tell the live pages, then notify mentioned members and the replied-to author who may read the thread. */
export async function announcePost(
  access: CoalitionAccess,
  thread: { id: string; title: string; audience: ThreadAudience },
  written: Written,
  perPage: number,
): Promise<void> {
  emitDomainEvent({ type: "thread.post", coalitionId: access.coalition.id, threadId: thread.id, postId: written.postId });
  const author = access.user!;
  const link = postPath(access.coalition.slug, thread.id, written.number, perPage);
  const title = shortTitle(thread.title);
  const mentioned = new Set(written.mentioned.filter((id) => id !== author.id));
  for (const userId of mentioned) {
    if (!(await recipientReads(access, thread, userId))) continue;
    await notify(userId, { kind: "mention", message: { id: "notifications.message.mention", values: { name: author.name, title } }, link });
  }
  const replied = written.replyToAuthor;
  if (replied && replied !== author.id && !mentioned.has(replied)) {
    // Only people who can still read the thread hear about replies in it.
    if (await recipientReads(access, thread, replied)) await notify(replied, { kind: "reply", message: { id: "notifications.message.reply", values: { name: author.name, title } }, link });
  }
}

/** Adds a post to a thread. Checks the lock and that the replied-to post is in this thread. */
export async function createPost(
  access: CoalitionAccess,
  thread: Thread,
  input: { body: string; replyTo: string | null },
  perPage: number,
): Promise<{ ok: true; number: number } | WriteRefusal> {
  const allowed = decideFor(access, "post:create", { thread: threadTarget(thread) });
  if (!allowed.ok) return allowed;
  const db = getDb();
  let replyTo: { id: string; authorId: string | null } | null = null;
  if (input.replyTo) {
    const target = await findPostInThread(db, thread.id, input.replyTo);
    if (!target) return refuse(400, t("posts.error.replyNotHere"), { reply_to: t("posts.error.replyField") });
    replyTo = { id: target.id, authorId: target.author_id };
  }
  const rendered = await renderPost(db, access, input.body);
  if ("ok" in rendered) return rendered;
  const written = await db.transaction().execute(async (tx) => {
    // Re-read inside the transaction: a coordinator may have locked it a moment ago.
    const fresh = await findThreadById(tx, thread.id);
    if (!fresh || fresh.coalition_id !== access.coalition.id) return null;
    if (!decideFor(access, "post:create", { thread: threadTarget(fresh) }).ok) return null;
    return writePost(tx, access, thread.id, { body: input.body, replyTo, rendered });
  });
  if (!written) return refuse(409, lockedMessage());
  await announcePost(access, thread, written, perPage);
  return { ok: true, number: written.number };
}

/** The author edits a post: the earlier text becomes a revision (coordinators can read it). */
export async function editPost(access: CoalitionAccess, thread: Thread, postId: string, body: string): Promise<{ ok: true; number: number } | WriteRefusal> {
  const db = getDb();
  const post = await findPostInThread(db, thread.id, postId);
  if (!post) return refuse(404, t("posts.error.notFound"));
  const allowed = decideFor(access, "post:edit", postTarget(thread, post));
  if (!allowed.ok) return allowed;
  if (body === post.body) return { ok: true, number: post.number };
  const rendered = await renderPost(db, access, body);
  if ("ok" in rendered) return rendered;
  const { html, mentions } = rendered;
  const at = now();
  await db.transaction().execute(async (tx) => {
    await insertRevision(tx, { post_id: post.id, body: post.body, edited_by: access.user!.id, reason: "edit", created_at: at });
    await updatePost(tx, post.id, { body: withHandles(body, mentions), body_html: html, edited_at: at });
  });
  return { ok: true, number: post.number };
}

/**
 * The author deletes a post: it stays in place as "deleted by its author" so replies keep
 * their context; its last text is kept as a revision, readable by coordinators only.
 */
export async function deletePost(access: CoalitionAccess, thread: Thread, postId: string): Promise<{ ok: true; number: number } | WriteRefusal> {
  const db = getDb();
  const post = await findPostInThread(db, thread.id, postId);
  if (!post) return refuse(404, t("posts.error.notFound"));
  const allowed = decideFor(access, "post:delete", postTarget(thread, post));
  if (!allowed.ok) return allowed;
  if (post.deleted_at) return { ok: true, number: post.number };
  const at = now();
  await db.transaction().execute(async (tx) => {
    await insertRevision(tx, { post_id: post.id, body: post.body, edited_by: access.user!.id, reason: "delete", created_at: at });
    await updatePost(tx, post.id, { body: "", body_html: "", deleted_at: at });
  });
  return { ok: true, number: post.number };
}

/** A coordinator hides a post with a reason, or shows it again (`reason` null). */
export async function setPostHidden(access: CoalitionAccess, thread: Thread, postId: string, reason: string | null): Promise<{ ok: true; number: number } | WriteRefusal> {
  const allowed = decideFor(access, "thread:moderate");
  if (!allowed.ok) return allowed;
  const db = getDb();
  const post = await findPostInThread(db, thread.id, postId);
  if (!post) return refuse(404, t("posts.error.notFound"));
  await db.transaction().execute(async (tx) => {
    await updatePost(
      tx,
      post.id,
      reason === null ? { hidden_at: null, hidden_by: null, hidden_reason: null } : { hidden_at: now(), hidden_by: access.user!.id, hidden_reason: reason },
    );
    await writeAudit(tx, {
      coalitionId: access.coalition.id,
      actorId: access.user!.id,
      action: reason === null ? "post.unhidden" : "post.hidden",
      reason,
      detail: { threadId: thread.id, title: thread.title, postNumber: Number(post.number) },
    });
  });
  // The author hears about it, with the reason (not when they hid their own post as a coordinator).
  if (reason !== null && post.author_id && post.author_id !== access.user!.id && (await recipientReads(access, thread, post.author_id))) {
    const link = postPath(access.coalition.slug, thread.id, Number(post.number), POSTS_PER_PAGE);
    await notify(post.author_id, { kind: "moderation", message: { id: "notifications.message.postHidden", values: { number: Number(post.number), title: shortTitle(thread.title), reason } }, link });
  }
  return { ok: true, number: post.number };
}

/** A thread title short enough for a notification line. */
export function shortTitle(title: string): string {
  return title.length > 80 ? `${title.slice(0, 79)}…` : title;
}

export { excerpt };

/** What the composer shows when replying: the post being answered, if it is in this thread. */
export async function findReplyTarget(threadId: string, postId: string | null) {
  if (!postId) return null;
  const post = await findPostInThread(getDb(), threadId, postId);
  if (!post || post.deleted_at) return null;
  return { id: post.id, number: Number(post.number), authorName: post.author_name ?? t("threads.formerUser"), excerpt: post.hidden_at ? t("posts.excerpt.hidden") : excerpt(post.body) };
}
