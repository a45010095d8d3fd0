import type { Insertable, Updateable } from "kysely";
import type { Thread, ThreadAudience, ThreadTable } from "../schema";
import type { Executor } from "./users";

/** One row of a thread list: the thread, its author's name, and the viewer's read position. */
export interface ThreadListRow {
  id: string;
  coalition_id: string;
  title: string;
  pinned: number;
  locked: number;
  audience: ThreadAudience;
  post_count: number;
  last_post_number: number;
  last_activity_at: string;
  created_at: string;
  document_id: string | null;
  author_name: string | null;
  last_post_by_name: string | null;
  last_read_number: number | null;
}

function listQuery(db: Executor, viewerId: string | null) {
  return db
    .selectFrom("threads")
    .leftJoin("users as author", "author.id", "threads.author_id")
    .leftJoin("users as last", "last.id", "threads.last_post_by")
    .leftJoin("thread_reads", (j) =>
      j.onRef("thread_reads.thread_id", "=", "threads.id").on("thread_reads.user_id", "=", viewerId ?? ""),
    )
    .select([
      "threads.id",
      "threads.coalition_id",
      "threads.title",
      "threads.pinned",
      "threads.locked",
      "threads.audience",
      "threads.post_count",
      "threads.last_post_number",
      "threads.last_activity_at",
      "threads.created_at",
      "threads.document_id",
      "author.name as author_name",
      "last.name as last_post_by_name",
      "thread_reads.last_read_number",
    ]);
}

/**
 * A page of a coalition's threads with one of the given audiences (the ones the viewer may read,
 * as the policy decided): pinned first, then by last activity (index threads_list_idx).
 */
export function listThreadsPage(
  db: Executor,
  input: { coalitionId: string; viewerId: string | null; audiences: readonly ThreadAudience[]; limit: number; offset: number },
): Promise<ThreadListRow[]> {
  // The page's ids come from the covering index alone, so a deep OFFSET skips index entries
  // rather than joined rows; the joins then run for these 50 threads only.
  const pageIds = db
    .selectFrom("threads")
    .select("threads.id")
    .where("threads.coalition_id", "=", input.coalitionId)
    .where("threads.audience", "in", input.audiences)
    .orderBy("threads.pinned", "desc")
    .orderBy("threads.last_activity_at", "desc")
    .orderBy("threads.id", "desc")
    .limit(input.limit)
    .offset(input.offset);
  return listQuery(db, input.viewerId)
    .where("threads.id", "in", pageIds)
    .orderBy("threads.pinned", "desc")
    .orderBy("threads.last_activity_at", "desc")
    .orderBy("threads.id", "desc")
    .execute();
}

/** The threads about one document with one of the given audiences, most recent first. */
export function listThreadsByDocument(
  db: Executor,
  documentId: string,
  viewerId: string | null,
  audiences: readonly ThreadAudience[],
  limit: number,
): Promise<ThreadListRow[]> {
  return listQuery(db, viewerId)
    .where("threads.document_id", "=", documentId)
    .where("threads.audience", "in", audiences)
    .orderBy("threads.last_activity_at", "desc")
    .limit(limit)
    .execute();
}

export async function countThreads(db: Executor, coalitionId: string, audiences: readonly ThreadAudience[]): Promise<number> {
  const row = await db
    .selectFrom("threads")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("coalition_id", "=", coalitionId)
    .where("audience", "in", audiences)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findThreadById(db: Executor, id: string): Promise<Thread | undefined> {
  return db.selectFrom("threads").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertThread(db: Executor, row: Insertable<ThreadTable>): Promise<void> {
  await db.insertInto("threads").values(row).execute();
}

export async function updateThread(db: Executor, id: string, patch: Omit<Updateable<ThreadTable>, "id">): Promise<void> {
  await db.updateTable("threads").set(patch).where("id", "=", id).execute();
}

/**
 * Takes the thread's next post number and records the activity, in the caller's transaction.
 * The row update serialises concurrent posters (a row lock on PostgreSQL, the write lock on SQLite).
 */
export async function allocatePostNumber(db: Executor, threadId: string, authorId: string, at: string): Promise<number> {
  const row = await db
    .updateTable("threads")
    .set((eb) => ({
      last_post_number: eb("last_post_number", "+", 1),
      post_count: eb("post_count", "+", 1),
      last_activity_at: at,
      last_post_by: authorId,
      updated_at: at,
    }))
    .where("id", "=", threadId)
    .returning("last_post_number")
    .executeTakeFirstOrThrow();
  return Number(row.last_post_number);
}

export async function findReadPosition(db: Executor, userId: string, threadId: string): Promise<number | null> {
  const row = await db
    .selectFrom("thread_reads")
    .select("last_read_number")
    .where("user_id", "=", userId)
    .where("thread_id", "=", threadId)
    .executeTakeFirst();
  return row ? Number(row.last_read_number) : null;
}

/** Moves the viewer's read position forward (never back). */
export async function advanceReadPosition(db: Executor, userId: string, threadId: string, number: number, at: string): Promise<void> {
  await db
    .insertInto("thread_reads")
    .values({ user_id: userId, thread_id: threadId, last_read_number: number, updated_at: at })
    .onConflict((oc) =>
      oc
        .columns(["user_id", "thread_id"])
        .doUpdateSet((eb) => ({ last_read_number: eb.ref("excluded.last_read_number"), updated_at: eb.ref("excluded.updated_at") }))
        .where("thread_reads.last_read_number", "<", number),
    )
    .execute();
}

/** The coalitions (other than one) where the user is a coordinator: targets for moving a thread. */
export function listCoordinatedCoalitions(db: Executor, userId: string, exceptCoalitionId: string) {
  return db
    .selectFrom("memberships")
    .innerJoin("coalitions", "coalitions.id", "memberships.coalition_id")
    .select(["coalitions.id", "coalitions.name", "coalitions.slug"])
    .where("memberships.user_id", "=", userId)
    .where("memberships.role", "=", "coordinator")
    .where("coalitions.id", "!=", exceptCoalitionId)
    .where("coalitions.archived_at", "is", null)
    .orderBy("coalitions.name")
    .execute();
}

/** The coalition's documents a new thread can be about (not archived). */
export function listDocumentChoices(db: Executor, coalitionId: string) {
  return db
    .selectFrom("documents")
    .select(["id", "title"])
    .where("coalition_id", "=", coalitionId)
    .where("archived_at", "is", null)
    .orderBy("title")
    .limit(500)
    .execute();
}

export function findDocumentTitle(db: Executor, documentId: string) {
  return db.selectFrom("documents").select(["id", "title", "coalition_id", "archived_at"]).where("id", "=", documentId).executeTakeFirst();
}
