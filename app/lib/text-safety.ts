import { z } from "zod";
import { t } from "./i18n/messages";

/**
 * Names and titles are shown to other people, so characters that hide or disguise text are
 * refused rather than stored: control characters (C0, DEL and C1), the bidirectional
 * embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069: `Admin\u202Egnp.exe`
 * displays as "Adminexe.png"), and names made only of invisible characters. What is accepted
 * is normalised to NFC and otherwise stored exactly as typed.
 */

// C0 (tab and newline included: names and titles are one line), DEL, C1.
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f]/;
const BIDI_CONTROL_RE = /[\u202a-\u202e\u2066-\u2069]/;
// Characters that render as nothing (or as blank space) on their own, as code point ranges
// (some are combining marks, which a regex character class would misread).
const INVISIBLE_RANGES: Array<[number, number]> = [
  [0x00ad, 0x00ad], [0x034f, 0x034f], [0x061c, 0x061c], [0x115f, 0x1160], [0x17b4, 0x17b5],
  [0x180b, 0x180f], [0x200b, 0x200f], [0x2060, 0x2064], [0x206a, 0x206f], [0x3164, 0x3164],
  [0xfe00, 0xfe0f], [0xfeff, 0xfeff], [0xffa0, 0xffa0],
];
const isInvisible = (ch: string) => {
  if (/\s/.test(ch)) return true;
  const cp = ch.codePointAt(0)!;
  return INVISIBLE_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
};

/** The refusals, in the language of the request being validated (read them when needed, not at load). */
export const SAFETY_MESSAGES = {
  get control(): string {
    return t("validation.controlCharacters");
  },
  get bidi(): string {
    return t("validation.bidiCharacters");
  },
  get invisible(): string {
    return t("validation.invisibleOnly");
  },
};

/**
 * A form message: a fixed text, or one made when the schema runs (`() => t(…)`, or `msg(…)` from
 * app/lib/i18n/messages), so that a module-level schema speaks the request's language.
 */
export type FieldMessage = string | (() => string) | { error: () => string };

/** The text of a FieldMessage, now. */
export function messageText(message: FieldMessage): string {
  return typeof message === "string" ? message : typeof message === "function" ? message() : message.error();
}

/** A FieldMessage as zod's error option (a function, so it is read for each issue). */
const zodError = (message: FieldMessage) => ({ error: () => messageText(message) });

/** Why a one-line text is refused, or null when it is fine. */
export function unsafeLineReason(value: string): string | null {
  if (CONTROL_RE.test(value)) return SAFETY_MESSAGES.control;
  if (BIDI_CONTROL_RE.test(value)) return SAFETY_MESSAGES.bidi;
  if (value.length > 0 && Array.from(value).every(isInvisible)) return SAFETY_MESSAGES.invisible;
  return null;
}

/** Multi-line text (notes, reasons, descriptions) may hold line breaks and tabs, nothing else hidden. */
export function unsafeTextReason(value: string): string | null {
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(value)) return SAFETY_MESSAGES.control;
  if (BIDI_CONTROL_RE.test(value)) return SAFETY_MESSAGES.bidi;
  return null;
}

/**
 * A one-line text field: trimmed, NFC, refused with a field error when it holds control or
 * bidi-override characters or nothing visible. `min`/`max` count characters after trimming.
 */
export function lineField(opts: { required: FieldMessage; max: number; maxMessage?: FieldMessage; min?: number; minMessage?: FieldMessage }) {
  return z
    .string(zodError(opts.required))
    .transform((v) => v.normalize("NFC").trim())
    .superRefine(refuseUnsafe("line"))
    .pipe(
      z
        .string()
        .min(opts.min ?? 1, zodError(opts.minMessage ?? opts.required))
        .max(opts.max, zodError(opts.maxMessage ?? maxChars(opts.max))),
    );
}

/** "Use at most {max} characters." in the request's language, as a FieldMessage. */
export function maxChars(max: number): () => string {
  return () => t("validation.maxChars", { max });
}

/** "Use at least {min} characters." in the request's language, as a FieldMessage. */
export function minChars(min: number): () => string {
  return () => t("validation.minChars", { min });
}

/** An optional one-line text field (empty → null), with the same refusals. */
export function optionalLineField(max: number, maxMessage: FieldMessage = maxChars(max)) {
  return z
    .string()
    .optional()
    .transform((v) => (v ?? "").normalize("NFC").trim())
    .superRefine((v, ctx) => {
      const reason = v ? unsafeLineReason(v) : null;
      if (reason) ctx.addIssue({ code: "custom", message: reason });
    })
    .pipe(z.string().max(max, zodError(maxMessage)))
    .transform((v) => (v ? v : null));
}

/** A `superRefine` check for a value already normalised: one line, or multi-line text. */
export const refuseUnsafe =
  (kind: "line" | "text") =>
  (value: string, ctx: z.RefinementCtx): void => {
    const reason = kind === "line" ? unsafeLineReason(value) : unsafeTextReason(value);
    if (reason) ctx.addIssue({ code: "custom", message: reason });
  };
