import { z } from "zod";
import { lineField, optionalLineField } from "./text-safety";
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
export const POST_HTML_TOO_LONG = "This post is too long once formatted: use less formatting, or split it into two posts.";
/** A thread page stops adding posts once their HTML reaches this (characters), whatever their count. */
export const PAGE_HTML_BUDGET = 1_000_000;

export const titleField = lineField({ required: "Give the thread a title.", max: TITLE_MAX, maxMessage: `Titles are limited to ${TITLE_MAX} characters.` });

// Measured before trimming: what the person typed is what is limited.
export const bodyField = z
  .string({ error: "Write something before posting." })
  .max(POST_MAX, `Posts are limited to ${POST_MAX.toLocaleString("en")} characters.`)
  .refine((v) => v.trim().length > 0, "Write something before posting.")
  .transform((v) => v.replace(/\s+$/, ""));

const idField = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "Unknown id.");
const optionalId = z
  .union([idField, z.literal("")])
  .optional()
  .transform((v) => (v ? v : null));

export const audienceField = z.enum(THREAD_AUDIENCES, { error: "Choose who can read the thread: public or members only." });

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
    .string({ error: "Say why the post is hidden." })
    .trim()
    .min(1, "Say why the post is hidden.")
    .max(HIDE_REASON_MAX, `Use at most ${HIDE_REASON_MAX} characters.`),
});
/** Locking: the reason is optional (shown on the thread and sent to its author); one line, like the hide reason. */
export const lockThreadSchema = z.object({ reason: optionalLineField(HIDE_REASON_MAX) });
export const moveThreadSchema = z.object({ coalition_id: idField });
/** Moving a thread to another document of its coalition ("" : to no document, the coalition's general threads). */
export const moveThreadDocumentSchema = z.object({
  document_id: z
    .string({ error: "Choose a document of this coalition." })
    .trim()
    .regex(/^[A-Za-z0-9_-]{0,64}$/, "Choose a document of this coalition.")
    .transform((v) => v || null),
});
export const threadAudienceSchema = z.object({ audience: audienceField });

/** A positive page number from a query string (1 when absent or malformed). */
export function pageParam(value: string | null): number | null {
  if (value === null) return null;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n >= 1 && n <= 1_000_000 ? n : 1;
}
