import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCoalitionAccess } from "../models/access.server";
import { ATOM_HEADERS, outputsAtom } from "../models/output-feeds.server";

/** /coalitions/:slug/outputs.atom: a public coalition's published outputs (a private one's feed lists none). */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "version:read");
  return new Response(await outputsAtom({ kind: "coalition", access }, context.appOrigin), { headers: ATOM_HEADERS });
}
