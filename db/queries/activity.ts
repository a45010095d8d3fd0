import { sql, type RawBuilder } from "kysely";
import type { CoalitionRole, Visibility } from "../schema";
import type { Executor } from "./users";

/**
 * A coalition's recent activity, read from the tables that already record it: documents
 * (last edit and editor), published versions, threads, memberships. No separate log to keep
 * in sync; each kind is limited to the coalitions where the viewer may read it.
 */

export const ACTIVITY_TYPES = [
  "document.edited",
  "version.published",
  "version.restored",
  "thread.started",
  "post.replied",
  "thread.locked",
  "member.joined",
  "join.requested",
  "endorsement.added",
  "endorsement.withdrawn",
  "endorsement.verified",
  "consultation.commented",
  "comment.added",
  "decision.opened",
  "decision.took-part",
  "decision.closed",
  "consultation.opened",
  "consultation.closed",
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export interface ActivityRow {
  type: ActivityType;
  at: string;
  coalition_id: string;
  coalition_slug: string;
  coalition_name: string;
  actor_id: string | null;
  actor_name: string | null;
  subject_id: string;
  title: string;
  /** A version's label, the role a member joined with, a reply's post number, a decision's kind or outcome… */
  extra: string | null;
}

export interface ActivityQuery {
  /** Per type, the coalitions whose activity of that type the viewer may read. */
  scopes: Record<ActivityType, string[]>;
  /** The coalitions whose members-only threads the viewer may read; elsewhere only public threads show. */
  membersThreads?: string[];
  /** Only what happened after this (ISO). */
  since?: string | null;
  /** Leave out what this user did themselves. */
  excludeActorId?: string | null;
  /** The present (ISO), for what closes by its date (consultations); default: the clock's. */
  now?: string;
  limit: number;
}

// Every branch names its columns: any one of them may come first in the UNION.
function branch(type: ActivityType, ids: string[], membersThreads: string[], at: string): RawBuilder<unknown> | null {
  if (!ids.length) return null;
  const inIds = sql.join(ids);
  switch (type) {
    case "document.edited":
      return sql`SELECT 'document.edited' AS type, d.last_edited_at AS at, d.coalition_id AS coalition_id, d.last_edited_by AS actor_id,
          d.id AS subject_id, d.title AS title, NULL AS extra
        FROM documents d WHERE d.coalition_id IN (${inIds}) AND d.archived_at IS NULL AND d.last_edited_at IS NOT NULL`;
    case "version.published":
      return sql`SELECT 'version.published' AS type, v.published_at AS at, v.coalition_id AS coalition_id, v.published_by AS actor_id,
          v.id AS subject_id, d.title AS title, v.label AS extra
        FROM document_versions v JOIN documents d ON d.id = v.document_id WHERE v.coalition_id IN (${inIds})`;
    case "version.restored":
      // A restore keeps the draft before it as a checkpoint (migration 0012): that row is the event.
      return sql`SELECT 'version.restored' AS type, k.created_at AS at, d.coalition_id AS coalition_id, k.created_by AS actor_id,
          d.id AS subject_id, d.title AS title, v.label AS extra
        FROM document_checkpoints k JOIN documents d ON d.id = k.document_id LEFT JOIN document_versions v ON v.id = k.version_id
        WHERE d.coalition_id IN (${inIds}) AND d.archived_at IS NULL AND k.reason = 'restore'`;
    case "thread.started":
      return sql`SELECT 'thread.started' AS type, t.created_at AS at, t.coalition_id AS coalition_id, t.author_id AS actor_id,
          t.id AS subject_id, t.title AS title, NULL AS extra
        FROM threads t WHERE t.coalition_id IN (${inIds}) AND ${readableThread(membersThreads)}`;
    case "post.replied":
      // Replies: every post after the first that is still shown (not deleted, not hidden).
      return sql`SELECT 'post.replied' AS type, p.created_at AS at, t.coalition_id AS coalition_id, p.author_id AS actor_id,
          t.id AS subject_id, t.title AS title, CAST(p.number AS TEXT) AS extra
        FROM posts p JOIN threads t ON t.id = p.thread_id
        WHERE t.coalition_id IN (${inIds}) AND p.number > 1 AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND ${readableThread(membersThreads)}`;
    case "thread.locked":
      return sql`SELECT 'thread.locked' AS type, t.locked_at AS at, t.coalition_id AS coalition_id, t.locked_by AS actor_id,
          t.id AS subject_id, t.title AS title, NULL AS extra
        FROM threads t WHERE t.coalition_id IN (${inIds}) AND t.locked = 1 AND t.locked_at IS NOT NULL AND ${readableThread(membersThreads)}`;
    case "member.joined":
      return sql`SELECT 'member.joined' AS type, m.created_at AS at, m.coalition_id AS coalition_id, m.user_id AS actor_id,
          m.user_id AS subject_id, '' AS title, m.role AS extra
        FROM memberships m WHERE m.coalition_id IN (${inIds})`;
    case "comment.added":
      // Comments on drafts (issue 23; migration 0026): new top-level comments, `extra` is the comment's id.
      return sql`SELECT 'comment.added' AS type, c.created_at AS at, c.coalition_id AS coalition_id, c.author_id AS actor_id,
          d.id AS subject_id, d.title AS title, c.id AS extra
        FROM document_comments c JOIN documents d ON d.id = c.document_id
        WHERE c.coalition_id IN (${inIds}) AND c.parent_id IS NULL AND d.archived_at IS NULL`;
    case "join.requested":
      // Requests still waiting for a decision (the scope is the coalitions the viewer manages).
      return sql`SELECT 'join.requested' AS type, r.created_at AS at, r.coalition_id AS coalition_id, r.user_id AS actor_id,
          r.id AS subject_id, '' AS title, NULL AS extra
        FROM join_requests r WHERE r.coalition_id IN (${inIds}) AND r.status = 'pending'`;
    // Endorsements of published versions (migration 0025): the subject is the version, extra the organisation.
    case "endorsement.added":
      return sql`SELECT 'endorsement.added' AS type, e.created_at AS at, e.coalition_id AS coalition_id, e.user_id AS actor_id,
          e.version_id AS subject_id, d.title AS title, e.organisation AS extra
        FROM endorsements e JOIN documents d ON d.id = e.document_id WHERE e.coalition_id IN (${inIds})`;
    case "endorsement.withdrawn":
      return sql`SELECT 'endorsement.withdrawn' AS type, e.withdrawn_at AS at, e.coalition_id AS coalition_id, e.user_id AS actor_id,
          e.version_id AS subject_id, d.title AS title, e.organisation AS extra
        FROM endorsements e JOIN documents d ON d.id = e.document_id WHERE e.coalition_id IN (${inIds}) AND e.withdrawn_at IS NOT NULL`;
    case "endorsement.verified":
      return sql`SELECT 'endorsement.verified' AS type, e.verified_at AS at, e.coalition_id AS coalition_id, e.verified_by AS actor_id,
          e.version_id AS subject_id, d.title AS title, e.organisation AS extra
        FROM endorsements e JOIN documents d ON d.id = e.document_id WHERE e.coalition_id IN (${inIds}) AND e.verified_at IS NOT NULL`;
    case "consultation.commented":
      // Comments (not replies) in a public consultation that are still shown (issue 26).
      return sql`SELECT 'consultation.commented' AS type, k.created_at AS at, c.coalition_id AS coalition_id, k.author_id AS actor_id,
          c.id AS subject_id, d.title AS title, CAST(k.paragraph_from AS TEXT) AS extra
        FROM consultation_comments k JOIN consultations c ON c.id = k.consultation_id JOIN documents d ON d.id = c.document_id
        WHERE c.coalition_id IN (${inIds}) AND k.parent_id IS NULL AND k.hidden_at IS NULL`;
    // Decisions on a version (issue 24, migration 0024): the subject is the decision. Opened: extra
    // is the kind. Closed: extra is the outcome, a consensus stopped by a block being "blocked" and
    // a silence procedure ended by an objection "objected"; no actor when the deadline closed it.
    case "decision.opened":
      return sql`SELECT 'decision.opened' AS type, x.opened_at AS at, x.coalition_id AS coalition_id, x.opened_by AS actor_id,
          x.id AS subject_id, d.title AS title, x.kind AS extra
        FROM decisions x JOIN documents d ON d.id = x.document_id WHERE x.coalition_id IN (${inIds})`;
    case "decision.took-part":
      // Who took part, never what they chose (anonymous decisions and stances hidden until the close
      // show participants too): a person's first stance; changing it is not news.
      return sql`SELECT 'decision.took-part' AS type, s.created_at AS at, x.coalition_id AS coalition_id, s.user_id AS actor_id,
          x.id AS subject_id, d.title AS title, NULL AS extra
        FROM decision_stances s JOIN decisions x ON x.id = s.decision_id JOIN documents d ON d.id = x.document_id WHERE x.coalition_id IN (${inIds})`;
    case "decision.closed":
      return sql`SELECT 'decision.closed' AS type, x.closed_at AS at, x.coalition_id AS coalition_id, x.closed_by AS actor_id,
          x.id AS subject_id, d.title AS title,
          CASE WHEN x.outcome = 'not_adopted' AND x.kind = 'consensus' THEN 'blocked'
               WHEN x.outcome = 'not_adopted' AND x.kind = 'silence' THEN 'objected' ELSE x.outcome END AS extra
        FROM decisions x JOIN documents d ON d.id = x.document_id WHERE x.coalition_id IN (${inIds}) AND x.closed_at IS NOT NULL AND x.outcome IS NOT NULL`;
    // Public consultations (issue 26): opened (extra: the version's number) and closed, explicitly
    // or by its date passing (extra: how many comments are shown); the subject is the consultation.
    case "consultation.opened":
      return sql`SELECT 'consultation.opened' AS type, c.opened_at AS at, c.coalition_id AS coalition_id, c.opened_by AS actor_id,
          c.id AS subject_id, d.title AS title, CAST(v.number AS TEXT) AS extra
        FROM consultations c JOIN documents d ON d.id = c.document_id JOIN document_versions v ON v.id = c.version_id
        WHERE c.coalition_id IN (${inIds})`;
    case "consultation.closed":
      return sql`SELECT 'consultation.closed' AS type, COALESCE(c.closed_at, c.closes_at) AS at, c.coalition_id AS coalition_id, c.closed_by AS actor_id,
          c.id AS subject_id, d.title AS title,
          CAST((SELECT COUNT(*) FROM consultation_comments k WHERE k.consultation_id = c.id AND k.parent_id IS NULL AND k.hidden_at IS NULL) AS TEXT) AS extra
        FROM consultations c JOIN documents d ON d.id = c.document_id
        WHERE c.coalition_id IN (${inIds}) AND (c.closed_at IS NOT NULL OR c.closes_at <= ${at})`;
  }
}

/** Threads the viewer may read: public ones, and members-only ones in the coalitions listed. */
function readableThread(membersThreads: string[]): RawBuilder<unknown> {
  return membersThreads.length ? sql`(t.audience = 'public' OR t.coalition_id IN (${sql.join(membersThreads)}))` : sql`t.audience = 'public'`;
}

/** The newest activity first, across the given scopes. */
export async function listActivity(db: Executor, q: ActivityQuery): Promise<ActivityRow[]> {
  const where: RawBuilder<unknown>[] = [sql`1 = 1`];
  if (q.since) where.push(sql`b.at > ${q.since}`);
  if (q.excludeActorId) where.push(sql`(b.actor_id IS NULL OR b.actor_id <> ${q.excludeActorId})`);
  // Each kind brings only its own newest rows, so the union sorts at most (kinds × limit) rows.
  const at = q.now ?? new Date().toISOString();
  const branches = ACTIVITY_TYPES.map((t) => branch(t, q.scopes[t] ?? [], q.membersThreads ?? [], at))
    .filter((b): b is RawBuilder<unknown> => b !== null)
    .map((b) => sql`SELECT * FROM (SELECT * FROM (${b}) AS b WHERE ${sql.join(where, sql` AND `)} ORDER BY b.at DESC LIMIT ${q.limit}) AS x`);
  if (!branches.length) return [];
  const result = await sql<ActivityRow>`
    SELECT a.type, a.at, a.coalition_id, c.slug AS coalition_slug, c.name AS coalition_name,
      a.actor_id, u.name AS actor_name, a.subject_id, a.title, a.extra
    FROM (${sql.join(branches, sql` UNION ALL `)}) AS a
    JOIN coalitions c ON c.id = a.coalition_id
    LEFT JOIN users u ON u.id = a.actor_id
    ORDER BY a.at DESC, a.subject_id
    LIMIT ${q.limit}`.execute(db);
  return result.rows;
}

/** The user's visit marks (see migration 0007). */
export function findVisitMarks(db: Executor, userId: string) {
  return db.selectFrom("users").select(["last_seen_at", "previous_visit_at"]).where("id", "=", userId).executeTakeFirst();
}

export async function updateVisitMarks(db: Executor, userId: string, patch: { last_seen_at?: string; previous_visit_at?: string | null }): Promise<void> {
  await db.updateTable("users").set(patch).where("id", "=", userId).execute();
}

/** Per coalition, how many of each kind of activity happened after `since` (same scopes and filters as listActivity). */
export async function countActivity(db: Executor, q: Omit<ActivityQuery, "limit">): Promise<Array<{ coalition_id: string; type: ActivityType; n: number }>> {
  const where: RawBuilder<unknown>[] = [sql`1 = 1`];
  if (q.since) where.push(sql`b.at > ${q.since}`);
  if (q.excludeActorId) where.push(sql`(b.actor_id IS NULL OR b.actor_id <> ${q.excludeActorId})`);
  const at = q.now ?? new Date().toISOString();
  const branches = ACTIVITY_TYPES.map((t) => branch(t, q.scopes[t] ?? [], q.membersThreads ?? [], at))
    .filter((b): b is RawBuilder<unknown> => b !== null)
    .map((b) => sql`SELECT b.coalition_id, b.type FROM (${b}) AS b WHERE ${sql.join(where, sql` AND `)}`);
  if (!branches.length) return [];
  const result = await sql<{ coalition_id: string; type: ActivityType; n: number }>`
    SELECT a.coalition_id, a.type, COUNT(*) AS n FROM (${sql.join(branches, sql` UNION ALL `)}) AS a
    GROUP BY a.coalition_id, a.type`.execute(db);
  return result.rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** The user's coalitions with name and slug, for "My coalitions". */
export function listUserCoalitions(db: Executor, userId: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("coalitions as c", "c.id", "m.coalition_id")
    .select(["c.id", "c.slug", "c.name", "c.visibility", "c.archived_at", "m.role"])
    .where("m.user_id", "=", userId)
    .orderBy("c.name")
    .execute() as Promise<Array<{ id: string; slug: string; name: string; visibility: Visibility; archived_at: string | null; role: CoalitionRole }>>;
}
