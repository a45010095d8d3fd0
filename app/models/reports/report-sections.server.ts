import type { JSONContent } from "@tiptap/core";
import type { ReportFigures } from "./report-figures.server";
import { consultationsSection, decisionsSection, dissentAnnexSection, endorsementsSection } from "./report-decision-sections.server";

/**
 * EXTENSION POINT for the annual report (issue 25). Each slot's providers write a section into the
 * draft right after "Outputs published" (in this order); decisions, dissent annexes, endorsements
 * and consultations (issues 24 and 26) are in report-decision-sections.server.ts.
 * A provider returns the section's nodes (a level-2 heading first), or [] when it has nothing
 * for the year; every figure in it must link to its source (`ctx.link(path)`) and be recounted
 * in tests/integration/annual-report.test.ts.
 */
export interface ReportContext {
  coalitionId: string;
  slug: string;
  year: number;
  figures: ReportFigures;
  /** An absolute link into the workspace. */
  link: (path: string) => string;
}

export type ReportSectionProvider = (ctx: ReportContext) => Promise<JSONContent[]>;

/** Named slots, so the merger wires each one where it belongs. */
export const REPORT_SECTIONS: { decisions: ReportSectionProvider[]; dissentAnnexes: ReportSectionProvider[]; endorsements: ReportSectionProvider[]; consultations: ReportSectionProvider[] } = {
  decisions: [decisionsSection],
  dissentAnnexes: [dissentAnnexSection],
  endorsements: [endorsementsSection],
  consultations: [consultationsSection],
};

export async function extensionSections(ctx: ReportContext): Promise<JSONContent[]> {
  const out: JSONContent[] = [];
  for (const slot of [REPORT_SECTIONS.decisions, REPORT_SECTIONS.dissentAnnexes, REPORT_SECTIONS.endorsements, REPORT_SECTIONS.consultations]) {
    for (const provider of slot) out.push(...(await provider(ctx)));
  }
  return out;
}
