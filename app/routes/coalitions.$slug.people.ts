import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCoalitionAccess } from "../models/access.server";
import { mentionCandidates } from "../models/people.server";

/**
 * GET /coalitions/:slug/people?q=ada — the coalition's people for the composer's mention
 * autocomplete, as JSON ({ people: [{ handle, name, organization }] }). Only for someone who
 * may post in the coalition; the policy answers everyone else (404 or 403, as for its pages).
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "post:create");
  const people = await mentionCandidates(access, new URL(request.url).searchParams.get("q") ?? "");
  return Response.json({ people }, { headers: { "Cache-Control": "private, no-store" } });
}
