import type { DocumentRow } from "../schema";
import type { Executor } from "./users";

/** A document row with the names of its creator and last editor, for lists and pages. */
export interface DocumentListRow {
  id: string;
  coalition_id: string;
  title: string;
  created_at: string;
  updated_at: string;
  last_edited_at: string | null;
  archived_at: string | null;
  created_by: string;
  created_by_name: string | null;
  last_edited_by: string | null;
  last_edited_by_name: string | null;
}

function documentsWithNames(db: Executor) {
  return db
    .selectFrom("documents")
    .leftJoin("users as creator", "creator.id", "documents.created_by")
    .leftJoin("users as editor", "editor.id", "documents.last_edited_by")
    .select([
      "documents.id",
      "documents.coalition_id",
      "documents.title",
      "documents.created_at",
      "documents.updated_at",
      "documents.last_edited_at",
      "documents.archived_at",
      "documents.created_by",
      "creator.name as created_by_name",
      "documents.last_edited_by",
      "editor.name as last_edited_by_name",
    ]);
}

/** A coalition's documents, most recently edited (or created) first. */
export function listDocuments(db: Executor, coalitionId: string, options: { archived: boolean }): Promise<DocumentListRow[]> {
  return documentsWithNames(db)
    .where("documents.coalition_id", "=", coalitionId)
    .where("documents.archived_at", options.archived ? "is not" : "is", null)
    .orderBy("documents.updated_at", "desc")
    .orderBy("documents.id")
    .execute();
}

/** One document of a coalition (archived included), or undefined. */
export function findDocumentInCoalition(db: Executor, coalitionId: string, documentId: string): Promise<DocumentListRow | undefined> {
  return documentsWithNames(db)
    .where("documents.coalition_id", "=", coalitionId)
    .where("documents.id", "=", documentId)
    .executeTakeFirst();
}

export async function insertDocument(db: Executor, row: DocumentRow): Promise<void> {
  await db.insertInto("documents").values(row).execute();
}

/** Renames; returns whether a row changed. */
export async function updateDocumentTitle(db: Executor, documentId: string, title: string, at: string): Promise<boolean> {
  const res = await db.updateTable("documents").set({ title, updated_at: at }).where("id", "=", documentId).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Archives (at = time) or restores (at = null). */
export async function setDocumentArchived(db: Executor, documentId: string, at: string | null): Promise<void> {
  await db.updateTable("documents").set({ archived_at: at }).where("id", "=", documentId).execute();
}

export async function setDocumentPlainText(db: Executor, documentId: string, plainText: string): Promise<void> {
  await db.updateTable("documents").set({ plain_text: plainText }).where("id", "=", documentId).execute();
}
