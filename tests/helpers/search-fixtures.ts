import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";

// Content straight into the tables (the search index follows through triggers or expression
// indexes, exactly as it does for writes made by the documents and threads models).

export async function createDocument(o: { coalitionId: string; userId: string; title: string; text: string; archived?: boolean }) {
  const id = newId();
  const t = now();
  await getDb()
    .insertInto("documents")
    .values({
      id,
      coalition_id: o.coalitionId,
      title: o.title,
      created_by: o.userId,
      created_at: t,
      updated_at: t,
      last_edited_by: o.userId,
      last_edited_at: t,
      archived_at: o.archived ? t : null,
      plain_text: o.text,
    })
    .execute();
  return { id };
}

export async function publishVersion(o: { documentId: string; coalitionId: string; userId: string; text: string; number?: number; label?: string }) {
  const id = newId();
  const number = o.number ?? 1;
  await getDb()
    .insertInto("document_versions")
    .values({
      id,
      document_id: o.documentId,
      coalition_id: o.coalitionId,
      number,
      label: o.label ?? `Version ${number}`,
      note: null,
      html: `<p>${o.text}</p>`,
      state: new Uint8Array([0, 0]),
      plain_text: o.text,
      published_by: o.userId,
      published_at: now(),
    })
    .execute();
  return { id };
}

export async function createThread(o: { coalitionId: string; userId: string; title: string; audience?: "public" | "members" }) {
  const id = newId();
  const t = now();
  await getDb()
    .insertInto("threads")
    .values({
      id,
      coalition_id: o.coalitionId,
      title: o.title,
      author_id: o.userId,
      document_id: null,
      pinned: 0,
      locked: 0,
      audience: o.audience ?? "public",
      post_count: 0,
      last_post_number: 0,
      last_activity_at: t,
      last_post_by: o.userId,
      created_at: t,
      updated_at: t,
    })
    .execute();
  return { id };
}

export async function createPost(o: { threadId: string; userId: string; body: string; hidden?: boolean; deleted?: boolean }) {
  const id = newId();
  const t = now();
  const thread = await getDb().selectFrom("threads").select("last_post_number").where("id", "=", o.threadId).executeTakeFirstOrThrow();
  const number = thread.last_post_number + 1;
  await getDb()
    .insertInto("posts")
    .values({
      id,
      thread_id: o.threadId,
      number,
      author_id: o.userId,
      body: o.body,
      body_html: `<p>${o.body}</p>`,
      reply_to_id: null,
      edited_at: null,
      deleted_at: o.deleted ? t : null,
      hidden_at: o.hidden ? t : null,
      hidden_by: o.hidden ? o.userId : null,
      hidden_reason: o.hidden ? "test" : null,
      created_at: t,
    })
    .execute();
  // Keep the thread's counters as the threads model would, so real posts can follow.
  await getDb().updateTable("threads").set({ last_post_number: number, post_count: number, last_activity_at: t }).where("id", "=", o.threadId).execute();
  return { id, number };
}
