import type { Delivery } from "../../common/mail-delivery";
import type { MailPersonalPreferenceTable, MailPreferenceTable } from "./mail-preferences";
import type { Executor } from "./users";

/** The table of migration 0022; typed here so db/schema.ts stays as it is. */
export interface DigestMarkTable {
  user_id: string;
  coalition_id: string;
  /** The end of the last digest period dealt with (ISO). */
  through: string;
  updated_at: string;
}

/** Per person, for mentions and for replies to their posts (migration 0022). */
export interface PersonalDigestMarkTable {
  user_id: string;
  kind: "mention" | "reply";
  through: string;
  updated_at: string;
}

function tables(db: Executor) {
  return db.withTables<{
    mail_digest_marks: DigestMarkTable;
    mail_preferences: MailPreferenceTable;
    mail_personal_preferences: MailPersonalPreferenceTable;
    mail_personal_digest_marks: PersonalDigestMarkTable;
  }>();
}

export interface DigestCandidate {
  user_id: string;
  coalition_id: string;
  time_zone: string | null;
  /** Null: no choice stored (the default applies). */
  delivery: Delivery | null;
  digest_day: number | null;
  through: string | null;
}

/**
 * Every membership in a coalition that is not archived whose mail may go to a digest (a daily or
 * weekly choice, or no choice: the default is weekly), with the person's zone and the coalition's
 * digest mark. `userId` narrows it to one person.
 */
export async function listDigestCandidates(db: Executor, userId?: string): Promise<DigestCandidate[]> {
  let q = tables(db)
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .innerJoin("coalitions as c", "c.id", "m.coalition_id")
    .leftJoin("mail_preferences as p", (j) => j.onRef("p.user_id", "=", "m.user_id").onRef("p.coalition_id", "=", "m.coalition_id"))
    .leftJoin("mail_digest_marks as k", (j) => j.onRef("k.user_id", "=", "m.user_id").onRef("k.coalition_id", "=", "m.coalition_id"))
    .select(["m.user_id", "m.coalition_id", "u.time_zone", "p.delivery", "p.digest_day", "k.through"])
    .where("c.archived_at", "is", null)
    .where((eb) => eb.or([eb("p.delivery", "is", null), eb("p.delivery", "in", ["daily", "weekly"])]));
  if (userId) q = q.where("m.user_id", "=", userId);
  const rows = await q.orderBy("m.user_id").orderBy("m.coalition_id").execute();
  return rows.map((r) => ({
    user_id: r.user_id,
    coalition_id: r.coalition_id,
    time_zone: r.time_zone ?? null,
    delivery: (r.delivery as Delivery | null) ?? null,
    digest_day: r.digest_day === null || r.digest_day === undefined ? null : Number(r.digest_day),
    through: r.through ?? null,
  }));
}

/** Moves a person's digest marks forward to `through` (never back). */
export async function advanceDigestMarks(db: Executor, userId: string, coalitionIds: readonly string[], through: string, at: string): Promise<void> {
  for (const coalitionId of coalitionIds) {
    await tables(db)
      .insertInto("mail_digest_marks")
      .values({ user_id: userId, coalition_id: coalitionId, through, updated_at: at })
      .onConflict((oc) =>
        oc
          .columns(["user_id", "coalition_id"])
          .doUpdateSet({ through, updated_at: at })
          .where("mail_digest_marks.through", "<", through),
      )
      .execute();
  }
}

export interface PersonalDigestCandidate {
  user_id: string;
  time_zone: string | null;
  mentions: Delivery;
  replies: Delivery;
  digest_day: number;
  /** The marks of each kind (null: none yet). */
  mention_through: string | null;
  reply_through: string | null;
}

/** People who chose a digest for mentions or replies to their posts (the default is "immediately": a stored choice). */
export async function listPersonalDigestCandidates(db: Executor, userId?: string): Promise<PersonalDigestCandidate[]> {
  let q = tables(db)
    .selectFrom("mail_personal_preferences as p")
    .innerJoin("users as u", "u.id", "p.user_id")
    .leftJoin("mail_personal_digest_marks as km", (j) => j.onRef("km.user_id", "=", "p.user_id").on("km.kind", "=", "mention"))
    .leftJoin("mail_personal_digest_marks as kr", (j) => j.onRef("kr.user_id", "=", "p.user_id").on("kr.kind", "=", "reply"))
    .select(["p.user_id", "u.time_zone", "p.mentions", "p.replies", "p.digest_day", "km.through as mention_through", "kr.through as reply_through"])
    .where((eb) => eb.or([eb("p.mentions", "in", ["daily", "weekly"]), eb("p.replies", "in", ["daily", "weekly"])]));
  if (userId) q = q.where("p.user_id", "=", userId);
  const rows = await q.orderBy("p.user_id").execute();
  return rows.map((r) => ({
    user_id: r.user_id,
    time_zone: r.time_zone ?? null,
    mentions: r.mentions,
    replies: r.replies,
    digest_day: Number(r.digest_day),
    mention_through: r.mention_through ?? null,
    reply_through: r.reply_through ?? null,
  }));
}

export async function advancePersonalDigestMark(db: Executor, userId: string, kind: "mention" | "reply", through: string, at: string): Promise<void> {
  await tables(db)
    .insertInto("mail_personal_digest_marks")
    .values({ user_id: userId, kind, through, updated_at: at })
    .onConflict((oc) => oc.columns(["user_id", "kind"]).doUpdateSet({ through, updated_at: at }).where("mail_personal_digest_marks.through", "<", through))
    .execute();
}

/** The person's unread notifications of one kind (mention or reply) in (since, through]. */
export function listUnreadNotifications(db: Executor, q: { userId: string; kind: "mention" | "reply"; since: string; through: string }) {
  return db
    .selectFrom("notifications")
    .select(["id", "kind", "link", "created_at"])
    .where("user_id", "=", q.userId)
    .where("kind", "=", q.kind)
    .where("read_at", "is", null)
    .where("created_at", ">", q.since)
    .where("created_at", "<=", q.through)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** A post by its thread and number, with its author's name. */
export function findPostAt(db: Executor, threadId: string, number: number) {
  return db
    .selectFrom("posts as p")
    .leftJoin("users as u", "u.id", "p.author_id")
    .select(["p.deleted_at", "p.hidden_at", "u.name as author_name"])
    .where("p.thread_id", "=", threadId)
    .where("p.number", "=", number)
    .executeTakeFirst();
}

/** Threads started in a coalition in (since, through], not by the person, with their read position. */
export function listNewThreads(db: Executor, q: { coalitionId: string; userId: string; since: string; through: string }) {
  return db
    .selectFrom("threads as t")
    .leftJoin("users as u", "u.id", "t.author_id")
    .leftJoin("thread_reads as r", (j) => j.onRef("r.thread_id", "=", "t.id").on("r.user_id", "=", q.userId))
    .select(["t.id", "t.title", "t.audience", "t.locked", "t.created_at", "u.name as author_name", "r.last_read_number"])
    .where("t.coalition_id", "=", q.coalitionId)
    .where("t.created_at", ">", q.since)
    .where("t.created_at", "<=", q.through)
    .where((eb) => eb.or([eb("t.author_id", "is", null), eb("t.author_id", "!=", q.userId)]))
    .orderBy("t.created_at")
    .orderBy("t.id")
    .execute();
}

/**
 * Replies (posts after the first, still shown) in a coalition in (since, through], not by the
 * person and after their read position in the thread, with their thread.
 */
export function listNewReplies(db: Executor, q: { coalitionId: string; userId: string; since: string; through: string }) {
  return db
    .selectFrom("posts as p")
    .innerJoin("threads as t", "t.id", "p.thread_id")
    .leftJoin("users as u", "u.id", "p.author_id")
    .leftJoin("thread_reads as r", (j) => j.onRef("r.thread_id", "=", "t.id").on("r.user_id", "=", q.userId))
    .select(["p.number", "p.created_at", "u.name as author_name", "t.id as thread_id", "t.title", "t.audience", "t.locked"])
    .where("t.coalition_id", "=", q.coalitionId)
    .where("p.number", ">", 1)
    .where("p.deleted_at", "is", null)
    .where("p.hidden_at", "is", null)
    .where("p.created_at", ">", q.since)
    .where("p.created_at", "<=", q.through)
    .where((eb) => eb.or([eb("p.author_id", "is", null), eb("p.author_id", "!=", q.userId)]))
    .where((eb) => eb.or([eb("r.last_read_number", "is", null), eb("p.number", ">", eb.ref("r.last_read_number"))]))
    .orderBy("p.created_at")
    .orderBy("p.number")
    .execute();
}

/** Versions published in a coalition in (since, through], not by the person, not withdrawn. */
export function listNewOutputs(db: Executor, q: { coalitionId: string; userId: string; since: string; through: string }) {
  return db
    .selectFrom("document_versions as v")
    .innerJoin("documents as d", "d.id", "v.document_id")
    .leftJoin("users as u", "u.id", "v.published_by")
    .select(["v.id", "v.number", "v.label", "v.published_at", "v.withdrawn_at", "d.title", "u.name as publisher_name"])
    .where("v.coalition_id", "=", q.coalitionId)
    .where("v.published_at", ">", q.since)
    .where("v.published_at", "<=", q.through)
    .where("v.withdrawn_at", "is", null)
    .where("v.published_by", "!=", q.userId)
    .orderBy("v.published_at")
    .orderBy("v.id")
    .execute();
}

/**
 * A coalition's meetings starting in (from, until] that an earlier digest (whose own window ended
 * at `since`, looking as far ahead) did not announce: they entered the window since, or were
 * scheduled or changed since. Not the ones the person scheduled.
 */
export function listUpcomingMeetings(db: Executor, q: { coalitionId: string; userId: string; since: string; from: string; until: string; earlierUntil: string }) {
  return db
    .selectFrom("calendar_events as e")
    .select(["e.id", "e.title", "e.starts_at", "e.ends_at", "e.mode", "e.location"])
    .where("e.coalition_id", "=", q.coalitionId)
    .where("e.kind", "=", "meeting")
    .where("e.starts_at", ">", q.from)
    .where("e.starts_at", "<=", q.until)
    .where((eb) => eb.or([eb("e.starts_at", ">", q.earlierUntil), eb("e.created_at", ">", q.since), eb("e.updated_at", ">", q.since)]))
    .where((eb) => eb.or([eb("e.created_by", "is", null), eb("e.created_by", "!=", q.userId)]))
    .orderBy("e.starts_at")
    .orderBy("e.id")
    .execute();
}

/** The person's mention and reply notifications since `since`: which posts the bell (or an earlier mail) already told them about. */
export function listPostNotifications(db: Executor, userId: string, since: string) {
  return db
    .selectFrom("notifications")
    .select(["kind", "link", "read_at"])
    .where("user_id", "=", userId)
    .where("kind", "in", ["mention", "reply"])
    .where("created_at", ">", since)
    .execute();
}
