import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCoalitionAccess } from "../models/access.server";
import { draftAuthors } from "../models/authorship.server";
import { requireDocument } from "../models/documents.server";

/**
 * GET /coalitions/:slug/documents/:documentId/authors — who typed in the draft, each person with
 * the Yjs client ids they typed with, as JSON ({ authors: [...] }), for the editor's "colour by
 * author / by stakeholder group". For whoever may read the draft; the policy answers everyone else.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "document:read");
  const doc = await requireDocument(access.coalition.id, params.documentId);
  return Response.json({ authors: await draftAuthors(doc.id) }, { headers: { "Cache-Control": "private, no-store" } });
}
