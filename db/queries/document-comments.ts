import type { DocumentComment, DocumentCommentTable } from "../schema";
import type { Insertable, Updateable } from "kysely";
import type { Executor } from "./users";

/** A comment with its author's and resolver's names (null: account deleted). */
export interface CommentRow extends DocumentComment {
  author_name: string | null;
  author_handle: string | null;
  resolver_name: string | null;
}

function withNames(db: Executor) {
  return db
    .selectFrom("document_comments")
    .leftJoin("users as author", "author.id", "document_comments.author_id")
    .leftJoin("users as resolver", "resolver.id", "document_comments.resolved_by")
    .selectAll("document_comments")
    .select(["author.name as author_name", "author.handle as author_handle", "resolver.name as resolver_name"]);
}

/** Every comment and reply of a draft, oldest first. */
export function listCommentsOfDocument(db: Executor, documentId: string): Promise<CommentRow[]> {
  return withNames(db).where("document_comments.document_id", "=", documentId).orderBy("document_comments.created_at").orderBy("document_comments.id").execute();
}

/** Top-level comments resolved on or before a moment (a version's publication), with their replies. */
export async function listCommentsResolvedBy(db: Executor, documentId: string, at: string): Promise<CommentRow[]> {
  const roots = await withNames(db)
    .where("document_comments.document_id", "=", documentId)
    .where("document_comments.parent_id", "is", null)
    .where("document_comments.resolved_at", "is not", null)
    .where("document_comments.resolved_at", "<=", at)
    .orderBy("document_comments.created_at")
    .execute();
  if (!roots.length) return [];
  const replies = await withNames(db)
    .where("document_comments.parent_id", "in", roots.map((r) => r.id))
    .orderBy("document_comments.created_at")
    .execute();
  return [...roots, ...replies];
}

export function findComment(db: Executor, documentId: string, id: string): Promise<CommentRow | undefined> {
  return withNames(db).where("document_comments.document_id", "=", documentId).where("document_comments.id", "=", id).executeTakeFirst();
}

/** How many top-level comments of a draft are open. */
export async function countOpenComments(db: Executor, documentId: string): Promise<number> {
  const row = await db
    .selectFrom("document_comments")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("document_id", "=", documentId)
    .where("parent_id", "is", null)
    .where("resolved_at", "is", null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertComment(db: Executor, row: Insertable<DocumentCommentTable>): Promise<void> {
  await db.insertInto("document_comments").values(row).execute();
}

export async function updateComment(db: Executor, id: string, patch: Updateable<DocumentCommentTable>): Promise<void> {
  await db.updateTable("document_comments").set(patch).where("id", "=", id).execute();
}

/** Deletes a comment and its replies. */
export async function deleteComment(db: Executor, id: string): Promise<void> {
  await db.deleteFrom("document_comments").where("parent_id", "=", id).execute();
  await db.deleteFrom("document_comments").where("id", "=", id).execute();
}
