import type { Range } from "./reports";
import type { Executor } from "./users";

// What issues 24 and 26 add to the annual report and the checklist: decisions closed, their dissent
// annexes, endorsements and public consultations of one coalition in a half-open range [from, to).
// Callers decide who may see; tests/integration/report-decisions.test.ts recounts each in SQL.

/** Decisions closed in the range, oldest first, with their version and how many annex entries froze. */
export async function listDecisionsClosed(db: Executor, coalitionId: string, r: Range) {
  const rows = await db
    .selectFrom("decisions as x")
    .innerJoin("document_versions as v", "v.id", "x.version_id")
    .innerJoin("documents as d", "d.id", "x.document_id")
    .select(["x.id", "x.kind", "x.question", "x.outcome", "x.closed_at", "x.version_id", "v.number", "d.title"])
    .select((eb) => eb.selectFrom("decision_annex_entries as a").select((a) => a.fn.countAll<number>().as("n")).whereRef("a.decision_id", "=", "x.id").as("dissent"))
    .where("x.coalition_id", "=", coalitionId)
    .where("x.closed_at", ">=", r.from)
    .where("x.closed_at", "<", r.to)
    .where("x.outcome", "is not", null)
    .orderBy("x.closed_at")
    .orderBy("x.id")
    .execute();
  return rows.map((x) => ({ ...x, number: Number(x.number), dissent: Number(x.dissent ?? 0), closed_at: x.closed_at! }));
}

/** Frozen annex entries of the decisions closed in the range, per decision and stance. */
export async function countAnnexStances(db: Executor, coalitionId: string, r: Range) {
  const rows = await db
    .selectFrom("decision_annex_entries as a")
    .innerJoin("decisions as x", "x.id", "a.decision_id")
    .select(["a.decision_id", "a.stance"])
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("x.coalition_id", "=", coalitionId)
    .where("x.closed_at", ">=", r.from)
    .where("x.closed_at", "<", r.to)
    .groupBy(["a.decision_id", "a.stance"])
    .execute();
  return rows.map((x) => ({ ...x, n: Number(x.n) }));
}

/** Endorsements given in the range and not withdrawn before its end, per version. */
export async function listEndorsementsGiven(db: Executor, coalitionId: string, r: Range) {
  const rows = await db
    .selectFrom("endorsements as e")
    .innerJoin("document_versions as v", "v.id", "e.version_id")
    .innerJoin("documents as d", "d.id", "e.document_id")
    .select(["e.version_id", "v.number", "d.title"])
    .select((eb) => [
      eb.fn.countAll<number>().as("total"),
      eb.fn.count<number>("e.organisation").as("organisations"),
      eb.fn.count<number>("e.verified_at").as("verified"),
    ])
    .where("e.coalition_id", "=", coalitionId)
    .where("e.created_at", ">=", r.from)
    .where("e.created_at", "<", r.to)
    .where((eb) => eb.or([eb("e.withdrawn_at", "is", null), eb("e.withdrawn_at", ">=", r.to)]))
    .groupBy(["e.version_id", "v.number", "d.title"])
    .orderBy("d.title")
    .orderBy("v.number")
    .execute();
  return rows.map((x) => ({ ...x, number: Number(x.number), total: Number(x.total), organisations: Number(x.organisations), verified: Number(x.verified) }));
}

/** Consultations opened in the range, with their version and when they close (explicitly or by date). */
export function listConsultationsOpened(db: Executor, coalitionId: string, r: Range) {
  return db
    .selectFrom("consultations as c")
    .innerJoin("document_versions as v", "v.id", "c.version_id")
    .innerJoin("documents as d", "d.id", "c.document_id")
    .select(["c.id", "c.opened_at", "c.closes_at", "c.closed_at", "v.number", "d.title"])
    .where("c.coalition_id", "=", coalitionId)
    .where("c.opened_at", ">=", r.from)
    .where("c.opened_at", "<", r.to)
    .orderBy("c.opened_at")
    .orderBy("c.id")
    .execute();
}

/** The shown comments (not replies, not hidden) of those consultations: answer and stakeholder group each. */
export function listConsultationComments(db: Executor, consultationIds: string[]) {
  if (!consultationIds.length) return Promise.resolve([] as Array<{ consultation_id: string; answer: string | null; stakeholder_group: string }>);
  return db
    .selectFrom("consultation_comments")
    .select(["consultation_id", "answer", "stakeholder_group"])
    .where("consultation_id", "in", consultationIds)
    .where("parent_id", "is", null)
    .where("hidden_at", "is", null)
    .execute();
}

/**
 * The checklist's outputs: per document (not a report, not a translation), its latest standing
 * version if published in the range, with the first adopting decision on it (consent, consensus or
 * silence; its closing froze the dissent annex) and how many annex entries that froze.
 */
export async function listLatestOutputsWithAdoption(db: Executor, coalitionId: string, r: Range) {
  const rows = await db
    .selectFrom("document_versions as v")
    .innerJoin("documents as d", "d.id", "v.document_id")
    .select(["v.id", "v.number", "v.published_at", "d.title"])
    .select((eb) =>
      eb
        .selectFrom("decisions as x")
        .select("x.id")
        .whereRef("x.version_id", "=", "v.id")
        .where("x.outcome", "=", "adopted")
        .where("x.kind", "in", ["consent", "consensus", "silence"])
        .orderBy("x.closed_at")
        .limit(1)
        .as("decision_id"),
    )
    .where("v.coalition_id", "=", coalitionId)
    .where("v.withdrawn_at", "is", null)
    .where("v.published_at", ">=", r.from)
    .where("v.published_at", "<", r.to)
    .where("d.archived_at", "is", null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("coalition_reports as cr").select("cr.document_id").whereRef("cr.document_id", "=", "v.document_id"))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom("document_translations as t").select("t.document_id").whereRef("t.document_id", "=", "v.document_id"))))
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom("document_versions as later").select("later.id").whereRef("later.document_id", "=", "v.document_id").whereRef("later.number", ">", "v.number").where("later.withdrawn_at", "is", null))),
    )
    .orderBy("v.published_at")
    .orderBy("v.id")
    .execute();
  const annexed = rows.map((x) => x.decision_id).filter((id): id is string => Boolean(id));
  const counts = annexed.length
    ? await db.selectFrom("decision_annex_entries").select(["decision_id"]).select((eb) => eb.fn.countAll<number>().as("n")).where("decision_id", "in", annexed).groupBy("decision_id").execute()
    : [];
  const dissentOf = new Map(counts.map((c) => [c.decision_id, Number(c.n)]));
  return rows.map((x) => ({ versionId: x.id, number: Number(x.number), title: x.title, publishedAt: x.published_at, decisionId: x.decision_id ?? null, dissent: x.decision_id ? (dissentOf.get(x.decision_id) ?? 0) : 0 }));
}
