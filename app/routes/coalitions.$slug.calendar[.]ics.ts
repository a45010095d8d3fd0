import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCoalitionAccess } from "../models/access.server";
import { coalitionIcs, ICS_HEADERS } from "../models/ics.server";

/** /coalitions/:slug/calendar.ics: the coalition's meetings (a private coalition's only to those who may see it). */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "event:read");
  const headers = { ...ICS_HEADERS, "Content-Disposition": `inline; filename="${access.coalition.slug}-calendar.ics"` };
  if (access.coalition.visibility !== "public") headers["Cache-Control"] = "private, no-store";
  return new Response(await coalitionIcs(access, context.appOrigin), { headers });
}
