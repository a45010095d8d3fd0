import { z } from "zod";

// Form schemas for documents and published versions (the server always validates).

import { LABEL_MAX, NOTE_MAX, TITLE_MAX } from "./document-limits";
import { lineField } from "./text-safety";

export { LABEL_MAX, NOTE_MAX, TITLE_MAX };

export const documentTitleField = lineField({ required: "Give the document a title.", max: TITLE_MAX, maxMessage: `Use at most ${TITLE_MAX} characters.` });

export const documentTitleSchema = z.object({ title: documentTitleField });

export const publishVersionSchema = z.object({
  label: lineField({ required: "Give the version a label, like “Charter, 2nd edition”.", max: LABEL_MAX, maxMessage: `Use at most ${LABEL_MAX} characters.` }),
  note: z
    .string()
    .trim()
    .max(NOTE_MAX, `Use at most ${NOTE_MAX.toLocaleString("en")} characters.`)
    .optional()
    .transform((v) => (v ? v : null)),
});

// Withdrawing a version: app/lib/output-schemas.ts (the output page's forms).

export type PublishVersionInput = z.output<typeof publishVersionSchema>;

/** Ids are our own 16-character alphabet (db/ids.ts); anything else cannot name a row. */
export const idField = z.string().regex(/^[a-z0-9]{1,64}$/);
