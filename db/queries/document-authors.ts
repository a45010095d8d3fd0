import type { Executor } from "./users";

export interface AuthorClaim {
  clientId: number;
  userId: string;
}

/** Ties Yjs client ids to the people who first sent them in a document; an id already tied stays as it is. */
export async function recordDocumentAuthors(db: Executor, documentId: string, claims: AuthorClaim[], at: string): Promise<void> {
  if (claims.length === 0) return;
  await db
    .insertInto("document_authors")
    .values(claims.map((c) => ({ document_id: documentId, client_id: c.clientId, user_id: c.userId, first_seen_at: at })))
    .onConflict((oc) => oc.columns(["document_id", "client_id"]).doNothing())
    .execute();
}

/** A document's client ids and whom they belong to (null: a deleted account). */
export async function listDocumentAuthors(db: Executor, documentId: string): Promise<Map<number, string | null>> {
  const rows = await db.selectFrom("document_authors").select(["client_id", "user_id"]).where("document_id", "=", documentId).execute();
  return new Map(rows.map((r) => [Number(r.client_id), r.user_id]));
}

/** Name, handle and stakeholder group of these people (authorship summaries). */
export function listAuthorProfiles(db: Executor, userIds: readonly string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db.selectFrom("users").select(["id", "name", "handle", "stakeholder_group"]).where("id", "in", [...userIds]).execute();
}
