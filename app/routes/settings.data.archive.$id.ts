import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../models/access.server";
import { downloadExport } from "../models/account-export.server";

// The page's own download of a "Download my data" archive (issue 27): for its signed-in owner,
// while it is valid (an hour after it was made).
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const result = await downloadExport(user.id, { id: params.id ?? "" });
  if (!result.ok) throw redirect("/settings/data?link=expired");
  return new Response(new Uint8Array(result.archive), {
    headers: { "Content-Type": "application/zip", "Content-Disposition": `attachment; filename="${result.fileName}"`, "Cache-Control": "private, no-store" },
  });
}
