import type { LoaderFunctionArgs } from "@remix-run/node";
import { forumIcs, ICS_HEADERS } from "../models/ics.server";

/** /calendar.ics: the forum calendar as iCalendar, for anyone to subscribe to. */
export async function loader({ context }: LoaderFunctionArgs) {
  return new Response(await forumIcs(context.appOrigin), { headers: { ...ICS_HEADERS, "Content-Disposition": 'inline; filename="forum-calendar.ics"' } });
}
