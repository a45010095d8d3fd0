import { z } from "zod";

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

export const CONTROL_MESSAGE = "Remove the control characters (such as tabs, line breaks or NUL).";
export const BIDI_MESSAGE = "Remove the invisible direction-changing characters (U+202A–U+202E, U+2066–U+2069).";
export const INVISIBLE_MESSAGE = "Use visible characters, not only spaces or invisible ones.";

/** Why a one-line text is refused, or null when it is fine. */
export function unsafeLineReason(value: string): string | null {
  if (CONTROL_RE.test(value)) return CONTROL_MESSAGE;
  if (BIDI_CONTROL_RE.test(value)) return BIDI_MESSAGE;
  if (value.length > 0 && Array.from(value).every(isInvisible)) return INVISIBLE_MESSAGE;
  return null;
}

/** Multi-line text (notes, reasons, descriptions) may hold line breaks and tabs, nothing else hidden. */
export function unsafeTextReason(value: string): string | null {
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(value)) return CONTROL_MESSAGE;
  if (BIDI_CONTROL_RE.test(value)) return BIDI_MESSAGE;
  return null;
}

/**
 * A one-line text field: trimmed, NFC, refused with a field error when it holds control or
 * bidi-override characters or nothing visible. `min`/`max` count characters after trimming.
 */
export function lineField(opts: { required: string; max: number; maxMessage: string; min?: number; minMessage?: string }) {
  return z
    .string({ error: opts.required })
    .transform((v) => v.normalize("NFC").trim())
    .superRefine(refuseUnsafe("line"))
    .pipe(
      z
        .string()
        .min(opts.min ?? 1, opts.minMessage ?? opts.required)
        .max(opts.max, opts.maxMessage),
    );
}

/** An optional one-line text field (empty → null), with the same refusals. */
export function optionalLineField(max: number, maxMessage = `Use at most ${max} characters.`) {
  return z
    .string()
    .optional()
    .transform((v) => (v ?? "").normalize("NFC").trim())
    .superRefine((v, ctx) => {
      const reason = v ? unsafeLineReason(v) : null;
      if (reason) ctx.addIssue({ code: "custom", message: reason });
    })
    .pipe(z.string().max(max, maxMessage))
    .transform((v) => (v ? v : null));
}

/** A `superRefine` check for a value already normalised: one line, or multi-line text. */
export const refuseUnsafe =
  (kind: "line" | "text") =>
  (value: string, ctx: z.RefinementCtx): void => {
    const reason = kind === "line" ? unsafeLineReason(value) : unsafeTextReason(value);
    if (reason) ctx.addIssue({ code: "custom", message: reason });
  };
