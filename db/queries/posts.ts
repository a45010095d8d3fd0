import type { Post, PostTable } from "../schema";
import type { Executor } from "./users";

/** A post with what the page shows about its author. */
export interface PostRow extends Post {
  author_name: string | null;
  author_organization: string | null;
  author_stakeholder_group: string | null;
}

function withAuthor(db: Executor) {
  return db
    .selectFrom("posts")
    .leftJoin("users", "users.id", "posts.author_id")
    .selectAll("posts")
    .select(["users.name as author_name", "users.organization as author_organization", "users.stakeholder_group as author_stakeholder_group"]);
}

/** Posts numbered from..to (inclusive) of one thread, in order (unique index on thread_id, number). */
export function listPostsByNumber(db: Executor, threadId: string, from: number, to: number): Promise<PostRow[]> {
  return withAuthor(db)
    .where("posts.thread_id", "=", threadId)
    .where("posts.number", ">=", from)
    .where("posts.number", "<=", to)
    .orderBy("posts.number")
    .execute();
}

/** The rendered size (characters of HTML) of each post numbered from..to, in order: what a page would carry. */
export async function listPostSizes(db: Executor, threadId: string, from: number, to: number): Promise<Array<{ number: number; size: number }>> {
  const rows = await db
    .selectFrom("posts")
    .select((eb) => ["number", eb.fn<number>("length", ["body_html"]).as("size")])
    .where("thread_id", "=", threadId)
    .where("number", ">=", from)
    .where("number", "<=", to)
    .orderBy("number")
    .execute();
  return rows.map((r) => ({ number: Number(r.number), size: Number(r.size) }));
}

/** Every post of a thread, in order (the Markdown export). */
export function listAllPosts(db: Executor, threadId: string): Promise<PostRow[]> {
  return withAuthor(db).where("posts.thread_id", "=", threadId).orderBy("posts.number").execute();
}

/** Posts by id, restricted to one thread (replies quote only their own thread). */
export function listPostsByIds(db: Executor, threadId: string, ids: string[]): Promise<PostRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return withAuthor(db).where("posts.thread_id", "=", threadId).where("posts.id", "in", ids).execute();
}

/** A post, only if it belongs to the given thread: ids from elsewhere are not found. */
export function findPostInThread(db: Executor, threadId: string, postId: string): Promise<PostRow | undefined> {
  return withAuthor(db).where("posts.thread_id", "=", threadId).where("posts.id", "=", postId).executeTakeFirst();
}

export async function insertPost(db: Executor, row: PostTable): Promise<void> {
  await db.insertInto("posts").values(row).execute();
}

export async function updatePost(db: Executor, id: string, patch: Partial<Omit<PostTable, "id" | "thread_id" | "number">>): Promise<void> {
  await db.updateTable("posts").set(patch).where("id", "=", id).execute();
}

export async function insertRevision(db: Executor, row: { post_id: string; body: string; edited_by: string | null; reason: "edit" | "delete"; created_at: string }): Promise<void> {
  await db.insertInto("post_revisions").values(row).execute();
}

/** Earlier texts of the given posts, oldest first, with the editor's name. */
export function listRevisions(db: Executor, postIds: string[]) {
  if (!postIds.length) return Promise.resolve([]);
  return db
    .selectFrom("post_revisions")
    .leftJoin("users", "users.id", "post_revisions.edited_by")
    .select(["post_revisions.id", "post_revisions.post_id", "post_revisions.body", "post_revisions.reason", "post_revisions.created_at", "users.name as editor_name"])
    .where("post_revisions.post_id", "in", postIds)
    .orderBy("post_revisions.id")
    .execute();
}

/**
 * Members of a coalition whose email starts with one of the handles followed by "@".
 * (LIKE narrows the search; callers compare the local part exactly, `_` being a LIKE wildcard.)
 */
export function findMembersByHandles(db: Executor, coalitionId: string, handles: string[]) {
  if (!handles.length) return Promise.resolve([]);
  return db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id", "users.name", "users.email", "users.handle"])
    .where("memberships.coalition_id", "=", coalitionId)
    .where((eb) => eb.or([eb("users.handle", "in", handles), ...handles.map((h) => eb("users.email", "like", `${h}@%`))]))
    .limit(200)
    .execute();
}
