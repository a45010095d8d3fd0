import { t } from "../../lib/i18n/messages";
import type { ComplianceItem } from "./compliance.server";

/**
 * EXTENSION POINT (issue 25): "a dissent record on each adopted output". The workspace does not
 * record decisions (adoption) or dissent annexes on this branch, so the item is neutral and
 * says so. Once those tables exist, this function counts the adopted outputs of the coalition
 * and those with a dissent record, and answers pass/fail with the first one lacking it as
 * evidence. Nothing else needs to change: the overview, the coalition's checklist page, the
 * admin table and the CSV all read this item.
 */
export async function dissentCheck(input: { coalitionId: string; slug: string }): Promise<ComplianceItem> {
  return {
    id: "dissent",
    status: "na",
    summary: t("compliance.dissent.na"),
    todo: null,
    evidenceHref: `/coalitions/${input.slug}/outputs`,
  };
}
