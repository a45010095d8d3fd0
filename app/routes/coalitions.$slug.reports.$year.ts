import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "../lib/http.server";
import { t } from "../lib/i18n/messages";
import { requireCoalitionAccess } from "../models/access.server";
import { publishedReportVersion } from "../models/reports/reports.server";

/**
 * The stable address of a coalition's annual report for a year (issue 25), for the forum's site
 * or the coalition's own to link to: it always leads to the latest published version.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "version:read");
  const year = Number(params.year);
  const versionId = Number.isInteger(year) ? await publishedReportVersion(access.coalition.id, year) : null;
  if (!versionId) throw notFound(t("versions.error.noSuchVersion"));
  return redirect(`/coalitions/${access.coalition.slug}/outputs/${versionId}`);
}
