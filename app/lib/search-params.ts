import { z } from "zod";
import { msg, type MessageId } from "./i18n/messages";

// The /search query string. The query text itself is never rejected (the parser makes it
// safe); only the filters are validated, with a message per field.

const isoDate = (message: MessageId) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), msg(message));

/** The kind filter's choices; `label` is a catalogue id (the form shows it in the page's language). */
export const SEARCH_KIND_OPTIONS = [
  { id: "documents", label: "search.filter.kind.documents" },
  { id: "outputs", label: "search.filter.kind.outputs" },
  { id: "threads", label: "search.filter.kind.threads" },
  { id: "coalitions", label: "search.filter.kind.coalitions" },
  { id: "consultations", label: "search.consultation.filter" },
] as const satisfies ReadonlyArray<{ id: string; label: MessageId }>;

export const searchParamsSchema = z
  .object({
    q: z.string().optional().transform((v) => v ?? ""),
    kind: z
      .union([z.enum(["documents", "outputs", "threads", "coalitions", "consultations"]), z.literal("")], msg("search.validation.kind"))
      .optional()
      .transform((v) => v || undefined),
    coalition: z
      .string()
      .trim()
      .max(100, msg("search.validation.coalition"))
      .regex(/^[a-z0-9-]*$/, msg("search.validation.coalition"))
      .optional()
      .transform((v) => v || undefined),
    from: isoDate("search.validation.fromDate"),
    to: isoDate("search.validation.toDate"),
    page: z
      .string()
      .optional()
      .transform((v) => (v ? Number(v) : 1))
      .refine((n) => Number.isInteger(n) && n >= 1 && n <= 50, msg("search.validation.page")),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { path: ["to"], ...msg("search.validation.dateOrder") });

export type SearchParamsValues = { q: string; kind: string; coalition: string; from: string; to: string };

/** The raw values as typed, to refill the form. */
export function rawSearchValues(params: URLSearchParams): SearchParamsValues {
  const get = (k: string) => (params.get(k) ?? "").slice(0, 1_000);
  return { q: get("q"), kind: get("kind"), coalition: get("coalition"), from: get("from"), to: get("to") };
}
