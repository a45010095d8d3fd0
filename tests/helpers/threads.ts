import { getDb } from "../../db/client";
import { newId } from "../../db/ids";
import type { TestClient } from "./http";

/** A client signed in as the user (a real session cookie). */
export { clientAs } from "./http";

/** Starts a thread through HTTP as the client (`extra`: more form fields, e.g. audience); returns its id. */
export async function startThread(client: TestClient, slug: string, title: string, body: string, extra: Record<string, string> = {}): Promise<string> {
  const res = await client.post(`/coalitions/${slug}/threads`, { intent: "create", title, body, ...extra });
  if (res.status !== 302) throw new Error(`thread creation failed: ${res.status} ${(await res.text()).slice(0, 300)}`);
  const id = /\/threads\/([^/?#]+)/.exec(res.headers.get("location") ?? "")?.[1];
  if (!id) throw new Error("no thread id in the redirect");
  return id;
}

/** Posts in a thread through HTTP; returns the response. */
export function postIn(client: TestClient, slug: string, threadId: string, form: Record<string, string>) {
  return client.post(`/coalitions/${slug}/threads/${threadId}`, { intent: "post", ...form });
}

/** Inserts many posts straight into the database (for paging), numbered after the thread's last. */
export async function insertPosts(threadId: string, authorId: string, count: number): Promise<void> {
  const db = getDb();
  const thread = await db.selectFrom("threads").select(["last_post_number"]).where("id", "=", threadId).executeTakeFirstOrThrow();
  const start = Number(thread.last_post_number);
  const t = new Date().toISOString();
  const rows = Array.from({ length: count }, (_, i) => ({
    id: newId(),
    thread_id: threadId,
    number: start + i + 1,
    author_id: authorId,
    body: `Bulk post ${start + i + 1}`,
    body_html: `<p>Bulk post ${start + i + 1}</p>`,
    reply_to_id: null,
    edited_at: null,
    deleted_at: null,
    hidden_at: null,
    hidden_by: null,
    hidden_reason: null,
    created_at: t,
  }));
  for (let i = 0; i < rows.length; i += 200) await db.insertInto("posts").values(rows.slice(i, i + 200)).execute();
  await db
    .updateTable("threads")
    .set({ last_post_number: start + count, post_count: start + count, last_activity_at: t })
    .where("id", "=", threadId)
    .execute();
}

export async function postCount(threadId?: string): Promise<number> {
  let q = getDb().selectFrom("posts").select((eb) => eb.fn.countAll<number>().as("n"));
  if (threadId) q = q.where("thread_id", "=", threadId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}
