import type { Coalition } from "../../db/schema";
import type { DocumentListRow } from "../../db/queries/documents";
import { getDb } from "../../db/client";
import { compareBlocks } from "../lib/block-diff";
import { notFound } from "../lib/http.server";
import { t } from "../lib/i18n/messages";
import type { Refusal } from "../lib/policy";
import { decideFor, type CoalitionAccess } from "./access.server";
import { writeAudit } from "./audit.server";
import { renderHtml, renderMarkdown, yDocFromState, yDocToNode } from "./document-render.server";
import { exportFile, type ExportFile, type ExportFormat } from "./exports.server";
import { loadTimeline, pointIn, type Timeline, type TimelinePoint } from "./timeline-points.server";
import { longDate, replaceDraft } from "./versions.server";
import type { JSONContent } from "@tiptap/core";

export { listTimeline, loadTimeline, type Timeline, type TimelinePoint } from "./timeline-points.server";

type Found = { point: TimelinePoint; state: Uint8Array };

/** A point's name in the current language: "Version 2 – Charter", "End of 7 December 2026 (UTC)", "Today so far". */
export function pointName(point: TimelinePoint): string {
  if (point.version) return t("timeline.versionName", { number: point.version.number, label: point.version.label });
  return point.today ? t("timeline.todayName") : t("timeline.dayName", { date: longDate(point.at) });
}

/** The point of a timeline read once, or a 404 saying so (an id that is malformed, of another document, or of a day without edits). */
export function requirePointIn(timeline: Timeline, pointId: string | null | undefined): Found {
  const found = pointIn(timeline, pointId);
  if (!found) throw notFound(t("timeline.error.noSuchPoint"));
  return found;
}

/** The point of a document (see requirePointIn). */
export async function requirePoint(doc: DocumentListRow, pointId: string | null | undefined): Promise<Found> {
  return requirePointIn(await loadTimeline(doc), pointId);
}

function withNode<T>(state: Uint8Array, fn: (node: ReturnType<typeof yDocToNode>) => T): T {
  const ydoc = yDocFromState(state);
  try {
    return fn(yDocToNode(ydoc));
  } finally {
    ydoc.destroy();
  }
}

/** The point's text as sanitized HTML, for reading. */
export function pointHtml(found: Found): string {
  return withNode(found.state, renderHtml);
}

/** Two points compared block by block (the versions' word diff), older first. */
export function comparePoints(older: Found, newer: Found) {
  const json = (f: Found) => withNode(f.state, (node) => node.toJSON() as JSONContent);
  return compareBlocks(json(older), json(newer));
}

/** The point as a Markdown or HTML download. */
export function exportPoint(coalition: Coalition, doc: DocumentListRow, found: Found, format: ExportFormat): ExportFile {
  const suffix = found.point.version ? `-v${found.point.version.number}` : `-${found.point.day}`;
  const lines = [t("timeline.export.line", { coalition: coalition.name, point: pointName(found.point) })];
  return withNode(found.state, (node) => exportFile(format, doc.title, suffix, lines, renderHtml(node), () => renderMarkdown(node)));
}

/**
 * Restores a point into the draft as one more edit, as restoring a version does (same permission,
 * `version:restore`; the draft from just before is kept, so "Undo restore" works), audited.
 */
export async function restorePoint(access: CoalitionAccess, doc: DocumentListRow, found: Found): Promise<{ ok: true; changed: boolean; checkpointId: string | null } | Refusal> {
  const decision = decideFor(access, "version:restore", { document: { archived: Boolean(doc.archived_at) } });
  if (!decision.ok) return decision;
  const versionId = found.point.kind === "version" ? found.point.id.slice("version-".length) : null;
  const done = await replaceDraft(access.user!.id, doc, withNode(found.state, (node) => node), { versionId });
  if (done.changed) {
    await writeAudit(getDb(), { coalitionId: access.coalition.id, actorId: access.user!.id, action: "timeline.restored", detail: { point: pointName(found.point), title: doc.title, documentId: doc.id } });
  }
  return done;
}
