import { z } from "zod";
import { t } from "./i18n/messages";
import { lineField } from "./text-safety";

// Form schemas of the output page (published versions), their messages in the reader's language:
// each is built per request, so `t` speaks the request's language.

export const WITHDRAW_REASON_MAX = 300;

/** Withdrawing a published version: the reason is required and shown on its permalink. */
export function withdrawVersionSchema() {
  return z.object({
    reason: lineField({ required: t("outputs.withdraw.reasonRequired"), max: WITHDRAW_REASON_MAX, maxMessage: t("outputs.withdraw.reasonTooLong", { max: WITHDRAW_REASON_MAX }) }),
  });
}
