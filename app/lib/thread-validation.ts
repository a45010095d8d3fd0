import { z } from "zod";
import { msg, t } from "./i18n/messages";
import { refuseUnsafe, unsafeLineReason } from "./text-safety";
import { THREAD_AUDIENCES } from "./thread-audience";

// Thread and post forms. The server always validates; limits are shown as hints in the UI.

export const TITLE_MAX = 200;
export const POST_MAX = 50_000;
export const HIDE_REASON_MAX = 500;
export const THREADS_PER_PAGE = 50;
export const POSTS_PER_PAGE = 50;
/**
 * A post's rendered HTML may not exceed this (characters): dense Markdown expands (a 50,000-character
 * `*a*a…` renders to ~137,500), and every page, export and live event carries the HTML. Plain text
 * and ordinary formatting at the 50,000-character limit stay well below it.
 */
export const POST_HTML_MAX = 128 * 1024;
/** Said in the language of the request (a function: a module-level constant would stay English). */
export const postHtmlTooLong = (): string => t("posts.error.htmlTooLong");
/** A thread page stops adding posts once their HTML reaches this (characters), whatever their count. */
export const PAGE_HTML_BUDGET = 1_000_000;

// As text-safety's lineField / optionalLineField (trimmed, NFC, control and bidi characters refused),
// with messages translated per request.
export const titleField = z
  .string(msg("threads.validation.titleRequired"))
  .transform((v) => v.normalize("NFC").trim())
  .superRefine(refuseUnsafe("line"))
  .pipe(z.string().min(1, msg("threads.validation.titleRequired")).max(TITLE_MAX, msg("threads.validation.titleMax", { max: TITLE_MAX })));

/** An optional one-line reason (lock): empty → null. */
const optionalReasonField = z
  .string()
  .optional()
  .transform((v) => (v ?? "").normalize("NFC").trim())
  .superRefine((v, ctx) => {
    const reason = v ? unsafeLineReason(v) : null;
    if (reason) ctx.addIssue({ code: "custom", message: reason });
  })
  .pipe(z.string().max(HIDE_REASON_MAX, msg("moderation.validation.reasonMax", { max: HIDE_REASON_MAX })))
  .transform((v) => (v ? v : null));

// Measured before trimming: what the person typed is what is limited.
export const bodyField = z
  .string(msg("posts.validation.bodyRequired"))
  .max(POST_MAX, msg("posts.validation.bodyMax", { max: POST_MAX }))
  .refine((v) => v.trim().length > 0, msg("posts.validation.bodyRequired"))
  .transform((v) => v.replace(/\s+$/, ""));

const idField = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, msg("threads.validation.unknownId"));
const optionalId = z
  .union([idField, z.literal("")])
  .optional()
  .transform((v) => (v ? v : null));

export const audienceField = z.enum(THREAD_AUDIENCES, msg("threads.validation.audience"));

export const newThreadSchema = z.object({
  title: titleField,
  body: bodyField,
  document_id: optionalId,
  /** Absent (an older form, a script): the coalition's default. */
  audience: audienceField.optional(),
});

export const newPostSchema = z.object({ body: bodyField, reply_to: optionalId });
export const editPostSchema = z.object({ post_id: idField, body: bodyField });
export const postIdSchema = z.object({ post_id: idField });
export const hidePostSchema = z.object({
  post_id: idField,
  reason: z
    .string(msg("moderation.validation.hideReasonRequired"))
    .trim()
    .min(1, msg("moderation.validation.hideReasonRequired"))
    .max(HIDE_REASON_MAX, msg("moderation.validation.reasonMax", { max: HIDE_REASON_MAX })),
});
/** Locking: the reason is optional (shown on the thread and sent to its author); one line, like the hide reason. */
export const lockThreadSchema = z.object({ reason: optionalReasonField });
export const moveThreadSchema = z.object({ coalition_id: idField });
/** Moving a thread to another document of its coalition ("" : to no document, the coalition's general threads). */
export const moveThreadDocumentSchema = z.object({
  document_id: z
    .string(msg("threads.validation.chooseDocument"))
    .trim()
    .regex(/^[A-Za-z0-9_-]{0,64}$/, msg("threads.validation.chooseDocument"))
    .transform((v) => v || null),
});
export const threadAudienceSchema = z.object({ audience: audienceField });

/** A positive page number from a query string (1 when absent or malformed). */
export function pageParam(value: string | null): number | null {
  if (value === null) return null;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n >= 1 && n <= 1_000_000 ? n : 1;
}
