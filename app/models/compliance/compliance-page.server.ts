import { listCoalitionDocuments } from "../documents.server";
import { requireAllowed, type CoalitionAccess } from "../access.server";
import { listCoalitionReports, reportYears } from "../reports/reports.server";
import { checkLabel, complianceOf } from "./compliance.server";
import { coordinationRecord } from "./coordination.server";

/** The checklist as the overview and the checklist page show it (labels in the reader's language). */
export async function checklistView(access: CoalitionAccess, at: Date = new Date()) {
  requireAllowed(access, "coalition:view");
  return (await complianceOf(access.coalition, at)).map((item) => ({ ...item, label: checkLabel(item.id, at) }));
}

/** The years a coordinator may draft a report for, with the report already drafted (and published) for each. */
export async function reportYearsView(access: CoalitionAccess, at: Date = new Date()) {
  if (!access.abilities["report:draft"]) return null;
  const reports = await listCoalitionReports(access.coalition.id);
  return reportYears(at).map((year) => {
    const r = reports.find((x) => x.kind === "annual" && x.year === year);
    return { year, documentId: r?.document_id ?? null, versionId: r?.version_id ?? null };
  });
}

/** Everything the checklist page shows: the items, the marked reports, the coordination record, and the coordinators' forms. */
export async function compliancePage(access: CoalitionAccess, at: Date = new Date()) {
  const [items, reports, coordination, years] = await Promise.all([checklistView(access, at), listCoalitionReports(access.coalition.id), coordinationRecord(access, at), reportYearsView(access, at)]);
  const canMark = access.abilities["report:draft"];
  const documents = canMark && access.abilities["document:read"] ? (await listCoalitionDocuments(access.coalition.id)).active.map((d) => ({ id: d.id, label: d.title })) : [];
  // Drafts are never public: a report not yet published is named only to those who read documents.
  const visibleReports = reports.filter((r) => r.version_id || access.abilities["document:read"]);
  return {
    items,
    reports: visibleReports.map((r) => ({ documentId: r.document_id, kind: r.kind, year: r.year, title: r.title, versionId: r.version_id })),
    coordination,
    years,
    canMark,
    canRecord: access.abilities["compliance:record"],
    documents,
    markYears: reportYears(at),
  };
}
