import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "../lib/http.server";
import { ICS_HEADERS, personalIcs } from "../models/ics.server";

/** /calendar/feeds/:token.ics: a person's own feed (the forum's events and their coalitions' meetings). */
export async function loader({ context, params }: LoaderFunctionArgs) {
  const name = params.token ?? "";
  if (!name.endsWith(".ics")) throw notFound();
  const body = await personalIcs(name.slice(0, -".ics".length), context.appOrigin);
  // The address is the secret: keep it out of shared caches and referrers.
  return new Response(body, { headers: { ...ICS_HEADERS, "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" } });
}
