import type { LoaderFunctionArgs } from "@remix-run/node";
import { forbidden } from "../lib/http.server";
import { can, principalRoles } from "../lib/permissions";
import { requireUser } from "../models/access.server";
import { collabHook } from "../models/collab-hook.server";

/** Collaboration server counters as JSON, for site administrators (`metrics:read`). */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  if (!can(principalRoles({ signedIn: true, isSiteAdmin: user.isSiteAdmin }), "metrics:read")) throw forbidden();
  const collab = collabHook()?.metrics() ?? null;
  return Response.json(
    { collab, process: { uptimeSeconds: Math.round(process.uptime()), rssBytes: process.memoryUsage().rss, heapUsedBytes: process.memoryUsage().heapUsed } },
    { headers: { "Cache-Control": "no-store" } },
  );
}
