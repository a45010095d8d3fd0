import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { badRequest } from "../lib/http.server";
import { t } from "../lib/i18n/messages";
import { decideFor, requireCoalitionAccess } from "./access.server";
import { requireDocument } from "./documents.server";
import { downloadResponse, type ExportFormat } from "./exports.server";
import { comparePoints, exportPoint, listTimeline, loadTimeline, pointHtml, pointName, requirePoint, requirePointIn, restorePoint, type TimelinePoint } from "./timeline.server";
import { undoRestore } from "./versions.server";

/**
 * The timeline's loaders and action (issue 23; the route files only pick one). Reading any point
 * needs `document:read`, as the draft does (a non-member of a private coalition gets 404);
 * restoring needs `version:restore`, as restoring a version does.
 */
async function open({ context, request, params }: LoaderFunctionArgs, action: "document:read" | "version:restore" = "document:read") {
  const access = await requireCoalitionAccess(context, request, params.slug, action);
  const doc = await requireDocument(access.coalition.id, params.documentId);
  return { access, doc, base: `/coalitions/${access.coalition.slug}/documents/${doc.id}/timeline` };
}

const named = (p: TimelinePoint) => ({ ...p, name: pointName(p) });

export async function timelineLoader(args: LoaderFunctionArgs) {
  const { access, doc, base } = await open(args);
  return { slug: access.coalition.slug, base, document: { id: doc.id, title: doc.title }, points: (await listTimeline(doc)).map(named) };
}

export async function pointLoader(args: LoaderFunctionArgs) {
  const { access, doc, base } = await open(args);
  const found = await requirePoint(doc, args.params.point);
  const canRestore = decideFor(access, "version:restore", { document: { archived: Boolean(doc.archived_at) } }).ok;
  return { slug: access.coalition.slug, base, document: { id: doc.id, title: doc.title }, point: named(found.point), html: pointHtml(found), canRestore };
}

export async function pointExportLoader(args: LoaderFunctionArgs, format: ExportFormat) {
  const { access, doc } = await open(args);
  return downloadResponse(exportPoint(access.coalition, doc, await requirePoint(doc, args.params.point), format));
}

/** `?from=<point>&to=<point>`; by default the newest point against the one before it. */
export async function compareLoader(args: LoaderFunctionArgs) {
  const { access, doc, base } = await open(args);
  const timeline = await loadTimeline(doc);
  const points = timeline.points.map(named);
  const search = new URL(args.request.url).searchParams;
  const from = search.get("from") ?? points[1]?.id ?? points[0]?.id;
  const to = search.get("to") ?? points[0]?.id;
  const [older, newer] = [requirePointIn(timeline, from), requirePointIn(timeline, to)];
  return { slug: access.coalition.slug, base, document: { id: doc.id, title: doc.title }, points, from: older.point.id, to: newer.point.id, fromName: pointName(older.point), toName: pointName(newer.point), diff: comparePoints(older, newer) };
}

type Answer = { ok: boolean; confirm: string | null; checkpointId: string | null; message: string | null };

/** Restore (with `confirm=yes`; without it the answer says what would happen) and "Undo restore". */
export async function pointAction(args: ActionFunctionArgs) {
  const form = await args.request.formData();
  const intent = form.get("intent");
  if (intent !== "restore" && intent !== "undo-restore") throw badRequest(t("timeline.error.unknownAction"));
  const { access, doc } = await open(args, "version:restore");
  const found = await requirePoint(doc, args.params.point);
  const answer = (a: Answer, status = 200) => data(a, { status });
  if (intent === "undo-restore") {
    const undone = await undoRestore(access, doc, String(form.get("checkpoint") ?? ""));
    if (!undone.ok) return answer({ ok: false, confirm: null, checkpointId: null, message: undone.message }, undone.status);
    return answer({ ok: true, confirm: null, checkpointId: null, message: t("timeline.restore.undone") });
  }
  if (form.get("confirm") !== "yes") {
    return answer({ ok: false, confirm: t("timeline.restore.sentence", { point: pointName(found.point), title: doc.title }), checkpointId: null, message: null }, 400);
  }
  const restored = await restorePoint(access, doc, found);
  if (!restored.ok) return answer({ ok: false, confirm: null, checkpointId: null, message: restored.message }, restored.status);
  const message = restored.changed ? t("timeline.restore.done", { point: pointName(found.point) }) : t("timeline.restore.unchanged");
  return answer({ ok: true, confirm: null, checkpointId: restored.checkpointId, message });
}
