import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCoalitionAccess } from "../models/access.server";
import { JSON_FEED_HEADERS, outputsJson } from "../models/output-feeds.server";

/** /coalitions/:slug/outputs.json: a public coalition's published outputs as a JSON Feed (a private one's lists none). */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "version:read");
  return new Response(await outputsJson({ kind: "coalition", access }, context.appOrigin), { headers: JSON_FEED_HEADERS });
}
