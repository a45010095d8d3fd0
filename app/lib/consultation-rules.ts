import { z } from "zod";
import { t } from "./i18n/messages";
import { STAKEHOLDER_GROUP_IDS } from "./stakeholders";
import { lineField, refuseUnsafe } from "./text-safety";

/**
 * The rules of a public consultation (issue 26) that pages and models share.
 *
 * New accounts: an account younger than NEW_ACCOUNT_DAYS may write at most
 * NEW_ACCOUNT_COMMENTS_PER_HOUR comments (replies included, in any consultation) in any hour;
 * past that the server answers 429 with the wait. Links in what a new account writes carry
 * rel="nofollow ugc" (decided when the comment is written, and kept), so a fresh account gains
 * nothing from posting links; older accounts' links are "ugc" only.
 */
export const NEW_ACCOUNT_DAYS = 7;
export const NEW_ACCOUNT_COMMENTS_PER_HOUR = 3;

export const COMMENT_MAX = 5000;
export const INTRODUCTION_MAX = 5000;
export const REASON_MAX = 2000;

export const ANSWERS = ["accepted", "partly", "rejected", "noted"] as const;
export type Answer = (typeof ANSWERS)[number];

/** Was the account new (younger than NEW_ACCOUNT_DAYS) at this moment? */
export function isNewAccount(createdAt: string, at: Date): boolean {
  return at.getTime() - Date.parse(createdAt) < NEW_ACCOUNT_DAYS * 24 * 3600 * 1000;
}

/** Is the consultation closed (explicitly, or because its closing date has passed)? */
export function isClosed(c: { closes_at: string; closed_at: string | null }, at: Date): boolean {
  return c.closed_at !== null || Date.parse(c.closes_at) <= at.getTime();
}

const text = (required: string, max: number) =>
  z
    .string({ error: () => required })
    .transform((v) => v.normalize("NFC").replace(/\r\n?/g, "\n").trim())
    .superRefine(refuseUnsafe("text"))
    .pipe(z.string().min(1, { error: () => required }).max(max, { error: () => t("validation.maxChars", { max }) }));

const paragraph = () => z.coerce.number({ error: () => t("consultation.error.paragraph") }).int({ error: () => t("consultation.error.paragraph") }).min(1, { error: () => t("consultation.error.paragraph") });

/** Opening: the closing moment as typed (a datetime-local value in the coordinator's zone) and an introduction. */
export function openSchema() {
  return z.object({
    closes: z.string({ error: () => t("consultation.error.closesRequired") }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: () => t("consultation.error.closesRequired") }),
    introduction: text(t("consultation.error.introductionRequired"), INTRODUCTION_MAX),
  });
}

/** A comment on a paragraph or a range of paragraphs, and the stakeholder group one speaks for. */
export function commentSchema() {
  return z
    .object({
      paragraph: paragraph(),
      paragraphTo: z.union([z.literal("").transform(() => null), paragraph()]).optional().transform((v) => v ?? null),
      group: z.enum(STAKEHOLDER_GROUP_IDS, { error: () => t("consultation.error.group") }),
      body: text(t("consultation.error.bodyRequired"), COMMENT_MAX),
    })
    .superRefine((v, ctx) => {
      if (v.paragraphTo !== null && v.paragraphTo < v.paragraph) ctx.addIssue({ code: "custom", path: ["paragraphTo"], message: t("consultation.error.range") });
    });
}

export function replySchema() {
  return z.object({ body: text(t("consultation.error.bodyRequired"), COMMENT_MAX) });
}

export function answerSchema() {
  return z.object({
    answer: z.enum(ANSWERS, { error: () => t("consultation.error.answer") }),
    reason: text(t("consultation.error.reasonRequired"), REASON_MAX),
  });
}

export function hideSchema() {
  return z.object({ reason: lineField({ required: t("consultation.error.reasonRequired"), max: 300 }) });
}
