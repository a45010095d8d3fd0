import * as Y from "yjs";
import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";
import { nextVersionNumber } from "../../db/queries/document-versions";
import { deleteComment as deleteCommentRow, findComment, insertComment, updateComment, type CommentRow } from "../../db/queries/document-comments";
import { findMembership } from "../../db/queries/memberships";
import type { DocumentListRow } from "../../db/queries/documents";
import { t } from "../lib/i18n/messages";
import { newCommentSchema, replySchema, commentBodyField } from "../lib/comment-schemas";
import { principalRoles, type CoalitionRole } from "../lib/permissions";
import { allows, refusal, type Refusal } from "../lib/policy";
import { fieldErrors } from "../lib/validation";
import { withHandles } from "../lib/markdown.server";
import { coalitionState, decideFor, type CoalitionAccess } from "./access.server";
import { writeAudit } from "./audit.server";
import { notify } from "./notifications.server";
import { renderPost, shortTitle } from "./posts.server";

/**
 * Comments on a draft (issue 23): use-cases. Every call asks the policy with the viewer's role as
 * it is now (the access is read per request), so a demoted member's next comment is refused at
 * once. A comment never writes to the document: its anchor is two Yjs relative positions kept here.
 */

export type CommentResult = { ok: true; id: string } | (Refusal & { fieldErrors?: Record<string, string>; values?: Record<string, string> });

function docTarget(doc: Pick<DocumentListRow, "archived_at">) {
  return { document: { archived: Boolean(doc.archived_at) } };
}

/** Is the base64 text a Yjs relative position? */
function isRelativePosition(b64: string): boolean {
  try {
    Y.decodeRelativePosition(Buffer.from(b64, "base64"));
    return true;
  } catch {
    return false;
  }
}

export function commentLink(access: CoalitionAccess, documentId: string, commentId: string): string {
  return `/coalitions/${access.coalition.slug}/documents/${documentId}#comment-${commentId}`;
}

/** Mentioned people who may read the document hear about it (not the author). */
async function announceMentions(access: CoalitionAccess, doc: DocumentListRow, commentId: string, mentioned: string[]): Promise<void> {
  const author = access.user!;
  const title = shortTitle(doc.title);
  for (const userId of new Set(mentioned)) {
    if (userId === author.id) continue;
    const membership = await findMembership(getDb(), access.coalition.id, userId);
    const roles = principalRoles({ signedIn: true, membershipRole: (membership?.role as CoalitionRole | undefined) ?? null });
    if (!allows({ userId, roles }, "document:read", { coalition: coalitionState(access.coalition), ...docTarget(doc) })) continue;
    await notify(userId, { kind: "mention", message: { id: "notifications.message.mention", values: { name: author.name, title } }, link: commentLink(access, doc.id, commentId) });
  }
}

async function write(access: CoalitionAccess, doc: DocumentListRow, input: { body: string; parentId: string | null; anchorStart: string | null; anchorEnd: string | null; quote: string }): Promise<CommentResult> {
  const db = getDb();
  const rendered = await renderPost(db, access, input.body);
  if ("ok" in rendered) return { ...rendered, fieldErrors: { body: rendered.message } };
  const id = newId();
  await db.transaction().execute(async (tx) => {
    const latest = (await nextVersionNumber(tx, doc.id)) - 1;
    await insertComment(tx, {
      id,
      document_id: doc.id,
      coalition_id: access.coalition.id,
      parent_id: input.parentId,
      author_id: access.user!.id,
      body: withHandles(input.body, rendered.mentions),
      body_html: rendered.html,
      anchor_start: input.anchorStart,
      anchor_end: input.anchorEnd,
      quote: input.quote,
      version_number: latest,
      created_at: now(),
      edited_at: null,
      resolved_at: null,
      resolved_by: null,
      resolved_version_number: null,
    });
  });
  // The link opens the thread's card (a reply has none of its own).
  await announceMentions(access, doc, input.parentId ?? id, rendered.mentioned);
  return { ok: true, id };
}

/** A comment on selected text (`comment:create`). */
export async function createComment(access: CoalitionAccess, doc: DocumentListRow, raw: Record<string, string>): Promise<CommentResult> {
  const allowed = decideFor(access, "comment:create", docTarget(doc));
  if (!allowed.ok) return allowed;
  const parsed = newCommentSchema.safeParse(raw);
  if (!parsed.success) return { ...refusal(400, t("comments.error.invalid")), fieldErrors: fieldErrors(parsed.error), values: raw };
  const { body, anchor_start, anchor_end, quote } = parsed.data;
  if (!isRelativePosition(anchor_start) || !isRelativePosition(anchor_end)) return { ...refusal(400, t("comments.validation.anchor")), values: raw };
  return write(access, doc, { body, parentId: null, anchorStart: anchor_start, anchorEnd: anchor_end, quote });
}

/** A reply to a top-level comment of the same draft (`comment:create`). */
export async function replyToComment(access: CoalitionAccess, doc: DocumentListRow, raw: Record<string, string>): Promise<CommentResult> {
  const allowed = decideFor(access, "comment:create", docTarget(doc));
  if (!allowed.ok) return allowed;
  const parsed = replySchema.safeParse(raw);
  if (!parsed.success) return { ...refusal(400, t("comments.error.invalid")), fieldErrors: fieldErrors(parsed.error), values: raw };
  const parent = await findComment(getDb(), doc.id, parsed.data.parent_id);
  if (!parent || parent.parent_id) return refusal(404, t("comments.error.notFound"));
  return write(access, doc, { body: parsed.data.body, parentId: parent.id, anchorStart: null, anchorEnd: null, quote: "" });
}

async function requireComment(doc: DocumentListRow, id: string): Promise<CommentRow | Refusal> {
  const row = id ? await findComment(getDb(), doc.id, id) : undefined;
  return row ?? refusal(404, t("comments.error.notFound"));
}

/** The author edits their comment (`comment:edit`, own only). */
export async function editComment(access: CoalitionAccess, doc: DocumentListRow, id: string, rawBody: string): Promise<CommentResult> {
  const row = await requireComment(doc, id);
  if ("ok" in row) return row;
  const allowed = decideFor(access, "comment:edit", { ...docTarget(doc), comment: { authorId: row.author_id } });
  if (!allowed.ok) return allowed;
  const parsed = commentBodyField.safeParse(rawBody);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? t("comments.validation.bodyRequired");
    return { ...refusal(400, message), fieldErrors: { body: message }, values: { body: rawBody } };
  }
  const db = getDb();
  const rendered = await renderPost(db, access, parsed.data);
  if ("ok" in rendered) return { ...rendered, fieldErrors: { body: rendered.message } };
  await updateComment(db, row.id, { body: withHandles(parsed.data, rendered.mentions), body_html: rendered.html, edited_at: now() });
  // Like a post's edit, an edit notifies nobody (a mention added later is read with the comment).
  return { ok: true, id: row.id };
}

/** Deletes a comment and its replies: the author (`comment:delete`), or a coordinator (audited). */
export async function deleteComment(access: CoalitionAccess, doc: DocumentListRow, id: string): Promise<CommentResult> {
  const row = await requireComment(doc, id);
  if ("ok" in row) return row;
  const allowed = decideFor(access, "comment:delete", { comment: { authorId: row.author_id } });
  if (!allowed.ok) return allowed;
  await getDb().transaction().execute(async (tx) => {
    await deleteCommentRow(tx, row.id);
    if (row.author_id !== access.user!.id) {
      await writeAudit(tx, {
        coalitionId: access.coalition.id,
        actorId: access.user!.id,
        subjectUserId: row.author_id,
        action: "comment.deleted",
        detail: { documentId: doc.id, title: doc.title, quote: row.quote.slice(0, 120) },
      });
    }
  });
  return { ok: true, id: row.id };
}

/** Resolves or reopens a top-level comment (`comment:create`): records when, by whom, and the version then. */
export async function setCommentResolved(access: CoalitionAccess, doc: DocumentListRow, id: string, resolved: boolean): Promise<CommentResult> {
  const row = await requireComment(doc, id);
  if ("ok" in row) return row;
  const allowed = decideFor(access, "comment:create", docTarget(doc));
  if (!allowed.ok) return allowed;
  if (row.parent_id) return refusal(400, t("comments.error.replyResolve"));
  if (Boolean(row.resolved_at) === resolved) return { ok: true, id: row.id };
  await getDb().transaction().execute(async (tx) => {
    const at = now();
    const latest = (await nextVersionNumber(tx, doc.id)) - 1;
    await updateComment(tx, row.id, resolved ? { resolved_at: at, resolved_by: access.user!.id, resolved_version_number: latest } : { resolved_at: null, resolved_by: null, resolved_version_number: null });
    await writeAudit(tx, {
      coalitionId: access.coalition.id,
      actorId: access.user!.id,
      subjectUserId: row.author_id,
      action: resolved ? "comment.resolved" : "comment.reopened",
      detail: { documentId: doc.id, title: doc.title, quote: row.quote.slice(0, 120) },
      at,
    });
  });
  return { ok: true, id: row.id };
}
