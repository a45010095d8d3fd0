import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../models/access.server";
import { downloadExport } from "../models/account-export.server";

// The mailed link of a "Download my data" archive (issue 27): valid an hour, and only for its
// owner, signed in (the token alone is not enough). Otherwise back to /settings/data, which says so.
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const result = await downloadExport(user.id, { token: params.token ?? "" });
  if (!result.ok) throw redirect("/settings/data?link=expired");
  return new Response(new Uint8Array(result.archive), {
    headers: { "Content-Type": "application/zip", "Content-Disposition": `attachment; filename="${result.fileName}"`, "Cache-Control": "private, no-store" },
  });
}
