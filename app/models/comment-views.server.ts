import { getDb } from "../../db/client";
import { countOpenComments, listCommentsOfDocument, listCommentsResolvedBy, type CommentRow } from "../../db/queries/document-comments";
import { t } from "../lib/i18n/messages";
import { decideFor, type CoalitionAccess } from "./access.server";
import type { CommentReplyView, CommentsData, CommentThreadView, ResolvedCommentView } from "../lib/comment-types";

export type { CommentReplyView, CommentsData, CommentThreadView, ResolvedCommentView };

/**
 * What pages and exports show of a draft's comments (issue 23). Threads are a top-level comment
 * and its replies; the abilities for each come from the policy, never from the component.
 */

function authorOf(row: CommentRow): string {
  return row.author_name ?? t("comments.formerMember");
}

function replyView(access: CoalitionAccess, row: CommentRow, archived: boolean): CommentReplyView {
  const comment = { authorId: row.author_id };
  const canEdit = decideFor(access, "comment:edit", { document: { archived }, comment }).ok;
  return {
    id: row.id,
    authorName: authorOf(row),
    bodyHtml: row.body_html,
    body: canEdit ? row.body : null,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    canEdit,
    canDelete: decideFor(access, "comment:delete", { comment }).ok,
  };
}

/** Group rows (oldest first) into threads. */
function threadsOf<T>(rows: CommentRow[], root: (row: CommentRow) => T & { replies: unknown[] }, reply: (row: CommentRow) => unknown): T[] {
  const byId = new Map<string, T & { replies: unknown[] }>();
  const out: (T & { replies: unknown[] })[] = [];
  for (const row of rows) {
    if (row.parent_id) continue;
    const view = root(row);
    byId.set(row.id, view);
    out.push(view);
  }
  for (const row of rows) if (row.parent_id) byId.get(row.parent_id)?.replies.push(reply(row));
  return out;
}

/** A draft's comments as the viewer sees them, with what the viewer may do. */
export async function commentsForViewer(access: CoalitionAccess, doc: { id: string; archived_at: string | null }): Promise<CommentsData> {
  const archived = Boolean(doc.archived_at);
  const rows = await listCommentsOfDocument(getDb(), doc.id);
  const comments = threadsOf<CommentThreadView>(
    rows,
    (row) => ({
      ...replyView(access, row, archived),
      anchorStart: row.anchor_start,
      anchorEnd: row.anchor_end,
      quote: row.quote,
      versionNumber: row.version_number,
      resolvedAt: row.resolved_at,
      resolvedBy: row.resolved_at ? (row.resolver_name ?? t("comments.formerMember")) : null,
      resolvedVersionNumber: row.resolved_version_number,
      replies: [],
    }),
    (row) => replyView(access, row, archived),
  );
  return { comments, canComment: decideFor(access, "comment:create", { document: { archived } }).ok };
}

export function openCommentCount(documentId: string): Promise<number> {
  return countOpenComments(getDb(), documentId);
}

/**
 * The comments resolved before a version was published, for the version's page. Drafts (and so
 * their comments) are never public: only those who may read the draft see them (else none).
 */
export async function commentsResolvedBefore(access: CoalitionAccess, version: { documentId: string; publishedAt: string }): Promise<ResolvedCommentView[]> {
  if (!decideFor(access, "document:read").ok) return [];
  const rows = await listCommentsResolvedBy(getDb(), version.documentId, version.publishedAt);
  return threadsOf<ResolvedCommentView>(
    rows,
    (row) => ({ id: row.id, quote: row.quote, authorName: authorOf(row), bodyHtml: row.body_html, resolvedAt: row.resolved_at!, resolvedBy: row.resolver_name ?? t("comments.formerMember"), replies: [] }),
    (row) => ({ id: row.id, authorName: authorOf(row), bodyHtml: row.body_html }),
  );
}

/** The draft's open comments as plain-text footnotes, for exports (`?comments=1`). */
export async function openCommentFootnotes(documentId: string): Promise<{ quote: string; lines: { author: string; text: string }[] }[]> {
  const rows = await listCommentsOfDocument(getDb(), documentId);
  const open = rows.filter((r) => !r.parent_id && !r.resolved_at);
  return open.map((root) => ({
    quote: root.quote,
    lines: [root, ...rows.filter((r) => r.parent_id === root.id)].map((r) => ({ author: authorOf(r), text: r.body })),
  }));
}

/** What the document page's loader hands the editor: may the viewer comment, how many are open. */
export async function commentsForPage(access: CoalitionAccess, doc: { id: string; archived_at: string | null }): Promise<{ canComment: boolean; open: number }> {
  return { canComment: decideFor(access, "comment:create", { document: { archived: Boolean(doc.archived_at) } }).ok, open: await openCommentCount(doc.id) };
}
