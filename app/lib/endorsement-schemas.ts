import { z } from "zod";
import { t } from "./i18n/messages";
import { REGION_IDS, STAKEHOLDER_GROUP_IDS } from "./stakeholders";
import { lineField } from "./text-safety";

// The endorsement form (issue 24): as oneself, or on behalf of a declared organisation with its
// stakeholder group and region (the fixed lists). Built per request, so `t` speaks its language.

export const ORGANISATION_MAX = 200;

export function endorseSchema() {
  return z.discriminatedUnion("as", [
    z.object({ as: z.literal("self") }),
    z.object({
      as: z.literal("organisation"),
      organisation: lineField({ required: t("endorsements.error.organisationRequired"), max: ORGANISATION_MAX, maxMessage: t("endorsements.error.organisationTooLong", { max: ORGANISATION_MAX }) }),
      stakeholder_group: z.enum(STAKEHOLDER_GROUP_IDS, { error: () => t("endorsements.error.groupRequired") }),
      region: z.enum(REGION_IDS, { error: () => t("endorsements.error.regionRequired") }),
    }),
  ], { error: () => t("endorsements.error.chooseCapacity") });
}
export type EndorseInput = z.infer<ReturnType<typeof endorseSchema>>;
