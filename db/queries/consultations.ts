import type { ConsultationAnswer, ConsultationCommentTable, ConsultationTable } from "../schema";
import type { Insertable } from "kysely";
import type { Executor } from "./users";

// Public consultations on published versions (migration 0028).

const CONSULTATION_COLUMNS = [
  "c.id", "c.coalition_id", "c.version_id", "c.document_id", "c.introduction", "c.closes_at", "c.time_zone",
  "c.opened_by", "c.opened_at", "c.closed_at", "c.closed_by",
  "v.number as version_number", "v.label as version_label", "v.state as version_state", "v.withdrawn_at as version_withdrawn_at", "d.title as document_title",
] as const;

function consultationQuery(db: Executor) {
  return db
    .selectFrom("consultations as c")
    .innerJoin("document_versions as v", "v.id", "c.version_id")
    .innerJoin("documents as d", "d.id", "c.document_id")
    .select(CONSULTATION_COLUMNS);
}

export type ConsultationRow = NonNullable<Awaited<ReturnType<typeof findConsultation>>>;

/** A consultation of the coalition, with its version's number, label, state and document title. */
export function findConsultation(db: Executor, coalitionId: string, id: string) {
  return consultationQuery(db).where("c.coalition_id", "=", coalitionId).where("c.id", "=", id).executeTakeFirst();
}

/** The consultation held on a version, if any (one per version). */
export function findConsultationOfVersion(db: Executor, versionId: string) {
  return db.selectFrom("consultations").select(["id", "closes_at", "closed_at", "opened_at"]).where("version_id", "=", versionId).executeTakeFirst();
}

/** Every consultation on a document's versions, with the version's number. */
export function listConsultationsOfDocument(db: Executor, documentId: string) {
  return db
    .selectFrom("consultations as c")
    .innerJoin("document_versions as v", "v.id", "c.version_id")
    .select(["c.id", "c.closes_at", "c.closed_at", "v.number as version_number"])
    .where("c.document_id", "=", documentId)
    .orderBy("v.number")
    .execute();
}

export async function insertConsultation(db: Executor, row: Insertable<ConsultationTable>): Promise<void> {
  await db.insertInto("consultations").values(row).execute();
}

/** Closes an open consultation; false when it was already closed explicitly. */
export async function markConsultationClosed(db: Executor, id: string, at: string, by: string): Promise<boolean> {
  const result = await db.updateTable("consultations").set({ closed_at: at, closed_by: by }).where("id", "=", id).where("closed_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The consultation's row, re-read inside a transaction (locks nothing; callers compare dates). */
export function consultationState(db: Executor, id: string) {
  return db.selectFrom("consultations").select(["closes_at", "closed_at"]).where("id", "=", id).executeTakeFirst();
}

export async function insertComment(db: Executor, row: Insertable<ConsultationCommentTable>): Promise<void> {
  await db.insertInto("consultation_comments").values(row).execute();
}

/** The comments of a consultation, oldest first, with their authors' and answerers' names. */
export function listComments(db: Executor, consultationId: string) {
  return db
    .selectFrom("consultation_comments as m")
    .leftJoin("users as u", "u.id", "m.author_id")
    .leftJoin("users as a", "a.id", "m.answered_by")
    .select([
      "m.id", "m.parent_id", "m.author_id", "m.paragraph_from", "m.paragraph_to", "m.stakeholder_group", "m.region", "m.body", "m.body_html",
      "m.created_at", "m.hidden_at", "m.hidden_reason", "m.answer", "m.answer_reason", "m.answered_at",
      "u.name as author_name", "u.handle as author_handle", "u.organization as author_organization", "a.name as answered_by_name",
    ])
    .where("m.consultation_id", "=", consultationId)
    .orderBy("m.created_at")
    .orderBy("m.id")
    .execute();
}
export type CommentRow = Awaited<ReturnType<typeof listComments>>[number];

export function findComment(db: Executor, consultationId: string, id: string) {
  return db
    .selectFrom("consultation_comments")
    .select(["id", "parent_id", "author_id", "paragraph_from", "paragraph_to", "body", "hidden_at", "answer"])
    .where("consultation_id", "=", consultationId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** How many comments (replies included) the author wrote since a moment, in any consultation. */
export async function countCommentsSince(db: Executor, authorId: string, since: string): Promise<{ count: number; oldest: string | null }> {
  const row = await db
    .selectFrom("consultation_comments")
    .select((eb) => [eb.fn.countAll<string | number>().as("n"), eb.fn.min("created_at").as("oldest")])
    .where("author_id", "=", authorId)
    .where("created_at", ">=", since)
    .executeTakeFirst();
  return { count: Number(row?.n ?? 0), oldest: (row?.oldest as string | null) ?? null };
}

export async function setAnswer(db: Executor, id: string, answer: { answer: ConsultationAnswer; reason: string; by: string; at: string }): Promise<void> {
  await db.updateTable("consultation_comments").set({ answer: answer.answer, answer_reason: answer.reason, answered_by: answer.by, answered_at: answer.at }).where("id", "=", id).execute();
}

export async function setHidden(db: Executor, id: string, hide: { reason: string; by: string; at: string }): Promise<boolean> {
  const result = await db.updateTable("consultation_comments").set({ hidden_at: hide.at, hidden_by: hide.by, hidden_reason: hide.reason }).where("id", "=", id).where("hidden_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Who to tell that their comment was answered: the author's address and language. */
export function commentAuthorForMail(db: Executor, commentId: string) {
  return db
    .selectFrom("consultation_comments as m")
    .innerJoin("users as u", "u.id", "m.author_id")
    .innerJoin("consultations as c", "c.id", "m.consultation_id")
    .select(["u.id as user_id", "u.email", "u.name", "u.language", "m.answer", "m.answer_reason", "m.paragraph_from", "m.paragraph_to", "c.id as consultation_id", "c.coalition_id"])
    .where("m.id", "=", commentId)
    .executeTakeFirst();
}

/** Distinct commenters of a consultation (for "closing soon"), with address and language. */
export function listCommenters(db: Executor, consultationId: string) {
  return db
    .selectFrom("consultation_comments as m")
    .innerJoin("users as u", "u.id", "m.author_id")
    .select(["u.id", "u.email", "u.name", "u.language"])
    .where("m.consultation_id", "=", consultationId)
    .distinct()
    .execute();
}
