import { z } from "zod";

// The /search query string. The query text itself is never rejected (the parser makes it
// safe); only the filters are validated, with a message per field.

const isoDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), {
      message: `Enter the ${label} date as YYYY-MM-DD.`,
    });

export const SEARCH_KIND_OPTIONS = [
  { id: "documents", label: "Documents" },
  { id: "outputs", label: "Published outputs" },
  { id: "threads", label: "Threads and posts" },
  { id: "coalitions", label: "Coalitions" },
] as const;

export const searchParamsSchema = z
  .object({
    q: z.string().optional().transform((v) => v ?? ""),
    kind: z
      .union([z.enum(["documents", "outputs", "threads", "coalitions"]), z.literal("")], { error: "Choose a kind from the list." })
      .optional()
      .transform((v) => v || undefined),
    coalition: z
      .string()
      .trim()
      .max(100, "Choose a coalition from the list.")
      .regex(/^[a-z0-9-]*$/, "Choose a coalition from the list.")
      .optional()
      .transform((v) => v || undefined),
    from: isoDate("start"),
    to: isoDate("end"),
    page: z
      .string()
      .optional()
      .transform((v) => (v ? Number(v) : 1))
      .refine((n) => Number.isInteger(n) && n >= 1 && n <= 50, { message: "Pages run from 1 to 50." }),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { path: ["to"], message: "The end date must not be before the start date." });

export type SearchParamsValues = { q: string; kind: string; coalition: string; from: string; to: string };

/** The raw values as typed, to refill the form. */
export function rawSearchValues(params: URLSearchParams): SearchParamsValues {
  const get = (k: string) => (params.get(k) ?? "").slice(0, 1_000);
  return { q: get("q"), kind: get("kind"), coalition: get("coalition"), from: get("from"), to: get("to") };
}
