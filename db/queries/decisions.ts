import { sql, type Insertable, type Selectable } from "kysely";
import type { CoalitionRole } from "../../common/roles";
import type { DecisionAnnexEntryTable, DecisionOutcome, DecisionTable } from "../schema-decisions";
import type { MailPreferenceTable } from "./mail-preferences";
import type { Executor } from "./users";

// Decisions on a published version, their stances and the dissent annex (migration 0024).

export type DecisionRow = Selectable<DecisionTable> & {
  version_number: number;
  version_label: string;
  version_withdrawn_at: string | null;
  document_title: string;
  opened_by_name: string | null;
  closed_by_name: string | null;
};

function withVersion(db: Executor) {
  return db
    .selectFrom("decisions as d")
    .innerJoin("document_versions as v", "v.id", "d.version_id")
    .innerJoin("documents as doc", "doc.id", "d.document_id")
    .leftJoin("users as o", "o.id", "d.opened_by")
    .leftJoin("users as c", "c.id", "d.closed_by")
    .selectAll("d")
    .select(["v.number as version_number", "v.label as version_label", "v.withdrawn_at as version_withdrawn_at", "doc.title as document_title", "o.name as opened_by_name", "c.name as closed_by_name"]);
}

export async function insertDecision(db: Executor, row: Insertable<DecisionTable>): Promise<void> {
  await db.insertInto("decisions").values(row).execute();
}

export function findDecision(db: Executor, coalitionId: string, id: string): Promise<DecisionRow | undefined> {
  return withVersion(db).where("d.coalition_id", "=", coalitionId).where("d.id", "=", id).executeTakeFirst();
}

export function findDecisionById(db: Executor, id: string): Promise<DecisionRow | undefined> {
  return withVersion(db).where("d.id", "=", id).executeTakeFirst();
}

/** The decisions on one version, newest first. */
export function listVersionDecisions(db: Executor, versionId: string): Promise<DecisionRow[]> {
  return withVersion(db).where("d.version_id", "=", versionId).orderBy("d.opened_at", "desc").execute();
}

/**
 * Takes the decision's row lock while it is open and before its deadline (the UPDATE changes
 * nothing). Returns false when it is closed or past its deadline: a stance then changes nothing.
 * A close takes the same lock, so a stance and a close never interleave on PostgreSQL either.
 */
export async function lockOpenDecision(db: Executor, id: string, at: string): Promise<boolean> {
  const result = await db.updateTable("decisions").set({ id }).where("id", "=", id).where("closed_at", "is", null).where("deadline_at", ">", at).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** One stance per person per decision (the primary key): a second one replaces the first, atomically. */
export async function upsertStance(
  db: Executor,
  row: { decision_id: string; user_id: string; stance: string; choices: string | null; reason: string; reason_html: string; at: string },
): Promise<void> {
  await db
    .insertInto("decision_stances")
    .values({ decision_id: row.decision_id, user_id: row.user_id, stance: row.stance, choices: row.choices, reason: row.reason, reason_html: row.reason_html, created_at: row.at, updated_at: row.at })
    .onConflict((oc) => oc.columns(["decision_id", "user_id"]).doUpdateSet({ stance: row.stance, choices: row.choices, reason: row.reason, reason_html: row.reason_html, updated_at: row.at }))
    .execute();
}

export interface StanceRow {
  user_id: string;
  name: string;
  handle: string;
  stakeholder_group: string | null;
  region: string | null;
  stance: string;
  choices: string | null;
  reason: string;
  reason_html: string;
  updated_at: string;
}

/** The decision's stances with their authors' profile fields, in the order they were first taken. */
export function listStances(db: Executor, decisionId: string): Promise<StanceRow[]> {
  return db
    .selectFrom("decision_stances as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["s.user_id", "u.name", "u.handle", "u.stakeholder_group", "u.region", "s.stance", "s.choices", "s.reason", "s.reason_html", "s.updated_at"])
    .where("s.decision_id", "=", decisionId)
    .orderBy("s.created_at")
    .orderBy("s.user_id")
    .execute();
}

export async function countStances(db: Executor, decisionId: string): Promise<number> {
  const row = await db.selectFrom("decision_stances").select((eb) => eb.fn.countAll<number>().as("n")).where("decision_id", "=", decisionId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks it closed unless it already is (false: someone else closed it first). */
export async function markDecisionClosed(
  db: Executor,
  id: string,
  close: { at: string; by: string | null; reason: string | null; outcome: DecisionOutcome; detail: string },
): Promise<boolean> {
  const result = await db
    .updateTable("decisions")
    .set({ closed_at: close.at, closed_by: close.by, close_reason: close.reason, outcome: close.outcome, outcome_detail: close.detail })
    .where("id", "=", id)
    .where("closed_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setRestartedAs(db: Executor, id: string, next: string): Promise<void> {
  await db.updateTable("decisions").set({ restarted_as: next }).where("id", "=", id).execute();
}

export async function insertAnnexEntries(db: Executor, rows: Insertable<DecisionAnnexEntryTable>[]): Promise<void> {
  if (rows.length) await db.insertInto("decision_annex_entries").values(rows).execute();
}

export type AnnexRow = DecisionAnnexEntryTable & { question: string; kind: string; closed_at: string | null; outcome: string | null };

/** The frozen annex entries of every decision closed on this version, oldest decision first. */
export function listVersionAnnex(db: Executor, versionId: string): Promise<AnnexRow[]> {
  return db
    .selectFrom("decision_annex_entries as a")
    .innerJoin("decisions as d", "d.id", "a.decision_id")
    .selectAll("a")
    .select(["d.question", "d.kind", "d.closed_at", "d.outcome"])
    .where("a.version_id", "=", versionId)
    .orderBy("d.closed_at")
    .orderBy("a.decision_id")
    .orderBy("a.position")
    .execute() as Promise<AnnexRow[]>;
}

/** Adoptions: per version, the decisions that adopted it (the first one first). */
export function listAdoptions(db: Executor, versionIds: readonly string[]) {
  if (!versionIds.length) return Promise.resolve([] as Array<{ version_id: string; id: string; question: string; closed_at: string | null; number: number; title: string }>);
  return db
    .selectFrom("decisions as d")
    .innerJoin("document_versions as v", "v.id", "d.version_id")
    .innerJoin("documents as doc", "doc.id", "d.document_id")
    .select(["d.version_id", "d.id", "d.question", "d.closed_at", "v.number", "doc.title"])
    .where("d.version_id", "in", versionIds)
    .where("d.outcome", "=", "adopted")
    .orderBy("d.closed_at")
    .execute();
}

/** The document's newest version that is not withdrawn. */
export function findLatestVersion(db: Executor, documentId: string) {
  return db
    .selectFrom("document_versions")
    .select(["id", "number", "label"])
    .where("document_id", "=", documentId)
    .where("withdrawn_at", "is", null)
    .orderBy("number", "desc")
    .limit(1)
    .executeTakeFirst();
}

export interface DecisionRecipient {
  id: string;
  email: string;
  name: string;
  language: string | null;
}

/**
 * The coalition's people with one of `roles` who may receive mail about it: `immediate` are those
 * who chose to get its news at once; `notOff` everyone who has not turned its mail off (no row
 * means the default, a digest). `exceptTaken` leaves out those with a stance on that decision.
 */
export function listDecisionRecipients(
  db: Executor,
  q: { coalitionId: string; roles: readonly CoalitionRole[]; delivery: "immediate" | "notOff"; exceptUserId?: string | null; exceptTaken?: string },
): Promise<DecisionRecipient[]> {
  let query = db
    .withTables<{ mail_preferences: MailPreferenceTable }>()
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .leftJoin("mail_preferences as p", (j) => j.onRef("p.user_id", "=", "m.user_id").onRef("p.coalition_id", "=", "m.coalition_id"))
    .select(["u.id", "u.email", "u.name", "u.language"])
    .where("m.coalition_id", "=", q.coalitionId)
    .where("m.role", "in", [...q.roles])
    .where("u.id", "!=", q.exceptUserId ?? "");
  query = q.delivery === "immediate" ? query.where("p.delivery", "=", "immediate") : query.where((eb) => eb.or([eb("p.delivery", "is", null), eb("p.delivery", "!=", "off")]));
  if (q.exceptTaken) {
    const decisionId = q.exceptTaken;
    query = query.where(({ not, exists, selectFrom }) => not(exists(selectFrom("decision_stances as s").select(sql`1`.as("one")).where("s.decision_id", "=", decisionId).whereRef("s.user_id", "=", "u.id"))));
  }
  return query.orderBy("u.id").execute() as Promise<DecisionRecipient[]>;
}

export async function setOutcome(db: Executor, id: string, outcome: DecisionOutcome, detail: string): Promise<void> {
  await db.updateTable("decisions").set({ outcome, outcome_detail: detail }).where("id", "=", id).execute();
}

export function findVersionRef(db: Executor, versionId: string) {
  return db.selectFrom("document_versions").select(["id", "document_id", "number"]).where("id", "=", versionId).executeTakeFirst();
}
