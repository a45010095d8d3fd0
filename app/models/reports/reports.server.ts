import * as Y from "yjs";
import { getDb } from "../../../db/client";
import { newId, now } from "../../../db/ids";
import { appendUpdates } from "../../../db/queries/document-state";
import { findDocumentInCoalition, insertDocument } from "../../../db/queries/documents";
import * as q from "../../../db/queries/reports";
import type { CoalitionReportKind } from "../../../db/schema";
import { t } from "../../lib/i18n/messages";
import { refusal, type Refusal } from "../../lib/policy";
import { decideFor, type CoalitionAccess } from "../access.server";
import { writeAudit } from "../audit.server";
import { renderDoc, updateToContentOf, yDocFromJson, yDocToNode } from "../document-render.server";
import { emitDomainEvent } from "../events.server";
import { reportContent } from "./report-document.server";
import { reportFigures } from "./report-figures.server";

/**
 * The annual report and the session report (issue 25). "Draft the report for YEAR" creates an
 * ordinary co-edited document of the coalition, seeded with the year's figures as one edit, and
 * marks it as the coalition's annual report for that year (coalition_reports, one per year): it
 * is then edited, published and exported like any output, and the checklist reads the marker.
 * A coordinator may mark any document of the coalition as the report of its session at the
 * annual meeting of a year.
 */

/** The years a report may be drafted or marked for: from 2006 (the first forum) to the current one. */
export function reportYears(at: Date = new Date()): number[] {
  const current = at.getUTCFullYear();
  return [current, current - 1, current - 2];
}

function parseYear(value: unknown, at: Date): number | null {
  const year = Number(value);
  return Number.isInteger(year) && year >= 2006 && year <= at.getUTCFullYear() ? year : null;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}

export async function listCoalitionReports(coalitionId: string) {
  return q.listReports(getDb(), coalitionId);
}

async function findMarked(coalitionId: string, kind: CoalitionReportKind, year: number) {
  return (await q.listReports(getDb(), coalitionId)).find((r) => r.kind === kind && r.year === year);
}

/**
 * Drafts the annual report for `year` (`report:draft`, coordinators), or returns the one already
 * drafted for that year. `origin` makes the links absolute.
 */
export async function draftAnnualReport(access: CoalitionAccess, yearInput: unknown, origin: string, at: Date = new Date()): Promise<{ ok: true; documentId: string; created: boolean } | Refusal> {
  const decision = decideFor(access, "report:draft");
  if (!decision.ok) return decision;
  const year = parseYear(yearInput, at);
  if (year === null) return refusal(400, t("report.error.year"), "year");
  const coalition = access.coalition;
  const existing = await findMarked(coalition.id, "annual", year);
  if (existing) return { ok: true, documentId: existing.document_id, created: false };

  const figures = await reportFigures(coalition.id, year, at);
  const json = await reportContent({ coalitionId: coalition.id, slug: coalition.slug, year, figures, link: (path) => new URL(path, origin).href, coalitionName: coalition.name, draftedAt: at });
  const source = yDocFromJson(json);
  const seeded = new Y.Doc();
  let update: Uint8Array;
  let plainText: string;
  try {
    update = updateToContentOf(seeded, yDocToNode(source));
    plainText = renderDoc(seeded).plainText;
  } finally {
    source.destroy();
    seeded.destroy();
  }
  const userId = access.user!.id;
  const documentId = newId();
  const stamp = now();
  const title = t("report.doc.title", { year: String(year), coalition: coalition.name }).slice(0, 200);
  try {
    await getDb()
      .transaction()
      .execute(async (tx) => {
        await insertDocument(tx, { id: documentId, coalition_id: coalition.id, title, created_by: userId, created_at: stamp, updated_at: stamp, last_edited_by: userId, last_edited_at: stamp, archived_at: null, plain_text: plainText });
        await appendUpdates(tx, [{ documentId, data: update, userId }]);
        await q.insertReport(tx, { document_id: documentId, coalition_id: coalition.id, kind: "annual", year, created_by: userId, created_at: stamp });
        await writeAudit(tx, { coalitionId: coalition.id, actorId: userId, action: "report.drafted", detail: { documentId, year, title }, at: stamp });
      });
  } catch (error) {
    // Two coordinators drafting the same year at once: the second finds the first's.
    const raced = isUniqueViolation(error) ? await findMarked(coalition.id, "annual", year) : undefined;
    if (!raced) throw error;
    return { ok: true, documentId: raced.document_id, created: false };
  }
  emitDomainEvent({ type: "document.changed", documentId, coalitionId: coalition.id });
  return { ok: true, documentId, created: true };
}

/** Marks one of the coalition's documents as the report of its session at the annual meeting of `year` (replacing an earlier mark). */
export async function markSessionReport(access: CoalitionAccess, documentId: unknown, yearInput: unknown, at: Date = new Date()): Promise<{ ok: true } | Refusal> {
  const decision = decideFor(access, "report:draft");
  if (!decision.ok) return decision;
  const year = parseYear(yearInput, at);
  if (year === null) return refusal(400, t("report.error.year"), "year");
  const doc = typeof documentId === "string" && documentId ? await findDocumentInCoalition(getDb(), access.coalition.id, documentId) : undefined;
  if (!doc) return refusal(400, t("report.error.document"), "documentId");
  const already = (await q.listReports(getDb(), access.coalition.id)).find((r) => r.document_id === doc.id);
  if (already && !(already.kind === "session" && already.year === year)) return refusal(409, t("report.error.alreadyMarked", { title: doc.title }), "documentId");
  const stamp = now();
  await getDb()
    .transaction()
    .execute(async (tx) => {
      await q.deleteReportMarker(tx, access.coalition.id, "session", year);
      await q.insertReport(tx, { document_id: doc.id, coalition_id: access.coalition.id, kind: "session", year, created_by: access.user!.id, created_at: stamp });
      await writeAudit(tx, { coalitionId: access.coalition.id, actorId: access.user!.id, action: "report.session_marked", detail: { documentId: doc.id, year, title: doc.title }, at: stamp });
    });
  return { ok: true };
}

/** The latest standing version of the annual report for `year`, for the stable `/coalitions/:slug/reports/:year` address. */
export async function publishedReportVersion(coalitionId: string, year: number): Promise<string | null> {
  return (await findMarked(coalitionId, "annual", year))?.version_id ?? null;
}
