import type { Executor } from "./users";

// What "Download my data" gathers (issue 27): one query per section, the person's own rows only.

export function profileOf(db: Executor, userId: string) {
  return db
    .selectFrom("users")
    .select(["id", "name", "handle", "email", "organization", "stakeholder_group", "region", "language", "time_zone", "created_at"])
    .where("id", "=", userId)
    .executeTakeFirst();
}

export function membershipsOf(db: Executor, userId: string) {
  return db
    .selectFrom("memberships")
    .innerJoin("coalitions", "coalitions.id", "memberships.coalition_id")
    .select(["coalitions.name as coalition", "coalitions.slug as slug", "memberships.role", "memberships.created_at as since"])
    .where("memberships.user_id", "=", userId)
    .orderBy("coalitions.name")
    .execute();
}

/** The person's posts (their text as written; deleted ones are empty), oldest first. */
export function postsOf(db: Executor, userId: string) {
  return db
    .selectFrom("posts")
    .innerJoin("threads", "threads.id", "posts.thread_id")
    .innerJoin("coalitions", "coalitions.id", "threads.coalition_id")
    .select([
      "posts.id",
      "posts.number",
      "posts.body",
      "posts.created_at",
      "posts.edited_at",
      "posts.deleted_at",
      "threads.id as thread_id",
      "threads.title as thread_title",
      "coalitions.name as coalition",
      "coalitions.slug as coalition_slug",
    ])
    .where("posts.author_id", "=", userId)
    .orderBy("posts.created_at")
    .orderBy("posts.id")
    .execute();
}

/** Documents the person created. */
export function documentsCreatedBy(db: Executor, userId: string) {
  return db
    .selectFrom("documents")
    .innerJoin("coalitions", "coalitions.id", "documents.coalition_id")
    .select(["documents.id", "documents.title", "documents.created_at", "documents.archived_at", "coalitions.name as coalition"])
    .where("documents.created_by", "=", userId)
    .orderBy("documents.created_at")
    .execute();
}
