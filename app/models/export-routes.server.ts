import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCoalitionAccess } from "./access.server";
import { requireDocument } from "./documents.server";
import { exportDraftDocx, exportVersionDocx } from "./docx-export.server";
import { downloadResponse, exportDraft, exportVersion, type ExportFormat } from "./exports.server";
import { contentLanguageOf } from "./translations.server";
import { withOpenComments } from "./comment-export.server";
import { annexForExport } from "./decision-view.server";
import { requireVersion } from "./versions.server";

/**
 * The download routes' loaders (one per format and kind; the route files only pick the format).
 * Drafts need document:read (members and observers); versions need version:read (also the
 * public, on a public coalition). A non-member of a private coalition gets 404 either way.
 */
export async function draftExportLoader({ context, request, params }: LoaderFunctionArgs, format: ExportFormat | "docx") {
  const access = await requireCoalitionAccess(context, request, params.slug, "document:read");
  const doc = await requireDocument(access.coalition.id, params.documentId);
  if (format === "docx") return downloadResponse(await exportDraftDocx(access.coalition, doc));
  const file = await exportDraft(access.coalition, doc, format);
  // ?comments=1: the open comments as notes at the end (issue 23).
  return downloadResponse(new URL(request.url).searchParams.get("comments") === "1" ? await withOpenComments(file, format, doc.id) : file);
}

export async function versionExportLoader({ context, request, params }: LoaderFunctionArgs, format: ExportFormat | "docx") {
  const access = await requireCoalitionAccess(context, request, params.slug, "version:read");
  const version = await requireVersion(access.coalition.id, params.versionId);
  const content = await contentLanguageOf(version.documentId);
  const annex = await annexForExport(version);
  return downloadResponse(format === "docx" ? await exportVersionDocx(access.coalition, version, annex) : exportVersion(access.coalition, version, format, content, annex));
}
