import type { ActionFunctionArgs } from "@remix-run/node";
import { requireCoalitionAccess } from "../models/access.server";
import { requireDocument } from "../models/documents.server";
import { recordSuggestionDecision } from "../models/suggestions.server";

/**
 * Decisions on a draft's suggestions (issue 23): POST decision=accept|reject with one `id` per
 * suggestion. Answers JSON; the editor applies the decision to the text only once it is recorded.
 */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "document:read");
  const doc = await requireDocument(access.coalition.id, params.documentId);
  const form = await request.formData();
  const result = await recordSuggestionDecision(access, doc, { decision: String(form.get("decision") ?? ""), ids: form.getAll("id").map(String) });
  if (result.ok) return Response.json({ ok: true, decided: result.decided });
  return Response.json({ ok: false, message: result.message }, { status: result.status });
}
