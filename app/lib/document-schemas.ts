import { z } from "zod";
import { msg, type MessageId } from "./i18n/messages";
import { LABEL_MAX, NOTE_MAX, TITLE_MAX } from "./document-limits";
import { refuseUnsafe } from "./text-safety";

// Form schemas for documents and published versions (the server always validates). Messages are
// `msg(...)`: translated when the schema runs, so these module-level schemas speak the language
// of the request being validated.

export { LABEL_MAX, NOTE_MAX, TITLE_MAX };

/** A one-line field (trimmed, NFC, no control or direction-changing characters), as text-safety's lineField, with translated messages. */
function line(required: MessageId, max: number) {
  return z
    .string(msg(required))
    .transform((v) => v.normalize("NFC").trim())
    .superRefine(refuseUnsafe("line"))
    .pipe(z.string().min(1, msg(required)).max(max, msg("documents.error.maxChars", { max })));
}

export const documentTitleField = line("documents.error.titleRequired", TITLE_MAX);

export const documentTitleSchema = z.object({ title: documentTitleField });

export const publishVersionSchema = z.object({
  label: line("versions.error.labelRequired", LABEL_MAX),
  note: z
    .string()
    .trim()
    .max(NOTE_MAX, msg("documents.error.maxChars", { max: NOTE_MAX }))
    .optional()
    .transform((v) => (v ? v : null)),
});

// Withdrawing a version: app/lib/output-schemas.ts (the output page's forms).

export type PublishVersionInput = z.output<typeof publishVersionSchema>;

/** Ids are our own 16-character alphabet (db/ids.ts); anything else cannot name a row. */
export const idField = z.string().regex(/^[a-z0-9]{1,64}$/);
