import { z } from "zod";
import { msg } from "./i18n/messages";
import { refuseUnsafe } from "./text-safety";

// Comments on a draft (issue 23). The server always validates; the limits show as hints in the UI.

export const COMMENT_MAX = 5000;
export const QUOTE_MAX = 500;
/** An encoded Yjs relative position is a few dozen bytes; base64 of at most this many characters. */
const ANCHOR_MAX = 400;

export const commentBodyField = z
  .string(msg("comments.validation.bodyRequired"))
  .transform((v) => v.normalize("NFC").trim())
  .superRefine(refuseUnsafe("text"))
  .pipe(z.string().min(1, msg("comments.validation.bodyRequired")).max(COMMENT_MAX, msg("comments.validation.bodyMax", { max: COMMENT_MAX })));

const anchorField = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, msg("comments.validation.anchor")).max(ANCHOR_MAX, msg("comments.validation.anchor"));

/** A new comment on selected text: the two ends of the selection and the text it quoted. */
export const newCommentSchema = z.object({
  body: commentBodyField,
  anchor_start: anchorField,
  anchor_end: anchorField,
  quote: z
    .string()
    .optional()
    .transform((v) => (v ?? "").normalize("NFC").replace(/\s+/g, " ").trim().slice(0, QUOTE_MAX)),
});

export const replySchema = z.object({ body: commentBodyField, parent_id: z.string().min(1).max(40) });
