import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireSiteAdmin } from "../models/access.server";
import { complianceCsv, complianceTable, parseSort } from "../models/compliance/admin-compliance.server";

/** Every coalition's checklist as CSV (site administrators), in the order of the page's sort. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const admin = requireSiteAdmin(context, request);
  const url = new URL(request.url);
  const rows = await complianceTable(admin, parseSort(url.searchParams.get("sort"), url.searchParams.get("dir")));
  const day = new Date().toISOString().slice(0, 10);
  return new Response("\uFEFF" + complianceCsv(rows, context.appOrigin), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="compliance-${day}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
