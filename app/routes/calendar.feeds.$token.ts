import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "../lib/http.server";
import { ICS_HEADERS, personalIcs } from "../models/ics.server";

/**
 * /calendar/feeds/:token.ics: a person's own feed (the forum's events and their coalitions'
 * meetings), in their profile's language unless the address names one (?lang=).
 */
export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const name = params.token ?? "";
  if (!name.endsWith(".ics")) throw notFound();
  const ownLanguage = !new URL(request.url).searchParams.has("lang");
  const body = await personalIcs(name.slice(0, -".ics".length), context.appOrigin, { ownLanguage });
  // The address is the secret: keep it out of shared caches and referrers.
  return new Response(body, { headers: { ...ICS_HEADERS, "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" } });
}
