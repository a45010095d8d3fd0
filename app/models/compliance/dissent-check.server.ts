import { getDb } from "../../../db/client";
import { listLatestOutputsWithAdoption } from "../../../db/queries/report-decisions";
import type { Range } from "../../../db/queries/reports";
import { t } from "../../lib/i18n/messages";
import type { ComplianceItem } from "./compliance.server";

/**
 * "A dissent record on each adopted output" (issue 25), from the decisions of issue 24. The outputs
 * are each document's latest standing version published in the last 12 months (not reports, not
 * translations). An output is adopted with its dissent on the record when a consent, consensus or
 * silence decision on that very version adopted it: closing froze every objection, block, stand
 * aside and abstention into its dissent annex (an empty annex says no one disagreed). Red when an
 * output has none, with the first such output as evidence; neutral when nothing was published.
 */
export async function dissentCheck(input: { coalitionId: string; slug: string; window: Range }): Promise<ComplianceItem> {
  const outputs = await listLatestOutputsWithAdoption(getDb(), input.coalitionId, input.window);
  const base = `/coalitions/${input.slug}`;
  if (!outputs.length) return { id: "dissent", status: "na", summary: t("compliance.dissent.noOutputs"), todo: null, evidenceHref: `${base}/outputs` };
  const adopted = outputs.filter((o) => o.decisionId);
  const dissent = adopted.reduce((sum, o) => sum + o.dissent, 0);
  const summary = t("compliance.dissent.summary", { count: outputs.length, adopted: adopted.length, dissent });
  const missing = outputs.find((o) => !o.decisionId);
  if (!missing) return { id: "dissent", status: "pass", summary, todo: null, evidenceHref: `${base}/outputs/${adopted[0]!.versionId}#dissent-annex` };
  return {
    id: "dissent",
    status: "fail",
    summary: `${summary} ${t("compliance.dissent.missing", { title: missing.title, number: missing.number, count: outputs.length - adopted.length })}`,
    todo: t("compliance.dissent.todo"),
    evidenceHref: `${base}/outputs/${missing.versionId}`,
  };
}
