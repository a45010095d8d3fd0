import { z } from "zod";
import { COALITION_ROLES, OPEN_ROLES, roleList, type OpenRole } from "../../common/roles";
import { REGION_IDS, STAKEHOLDER_GROUP_IDS } from "./stakeholders";
import { handleField, optionalHandleField } from "./handles";
import { lineField, optionalLineField, refuseUnsafe } from "./text-safety";
import { THREAD_AUDIENCES } from "./thread-audience";

// Form schemas, shared by the server (which always validates) and the UI (hints only).

export const emailField = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.org." }));

export const passwordField = z
  .string({ error: "Choose a password." })
  .min(8, "Use at least 8 characters.")
  .max(256, "Use at most 256 characters.");

export const nameField = lineField({ required: "Enter your name.", max: 100, maxMessage: "Use at most 100 characters." });

/** Sign-up: an empty handle is suggested from the name (and numbered when taken). */
export const signupSchema = z.object({
  name: nameField,
  email: emailField,
  password: passwordField,
  handle: z
    .string()
    .optional()
    .transform((v) => v ?? "")
    .pipe(optionalHandleField),
});

export const loginSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "Enter your email address.").max(254),
  password: z.string().min(1, "Enter your password.").max(256),
});

/** An optional region from the fixed list ("" = not stated → null). */
export const regionField = z
  .union([z.enum(REGION_IDS), z.literal("")], { error: "Choose a region from the list." })
  .optional()
  .transform((v) => (v ? v : null));

export const profileSchema = z.object({
  name: nameField,
  /** Absent (a form from before the field): the stored handle stays. Present and empty: refused. */
  handle: handleField.optional(),
  organization: optionalLineField(200),
  stakeholder_group: z
    .union([z.enum(STAKEHOLDER_GROUP_IDS), z.literal("")], { error: "Choose a stakeholder group from the list." })
    .optional()
    .transform((v) => (v ? v : null)),
  region: regionField,
});

export const changePasswordSchema = z
  .object({
    current_password: z.string().min(1, "Enter your current password."),
    new_password: passwordField,
    confirm_password: z.string(),
  })
  .refine((v) => v.new_password === v.confirm_password, {
    path: ["confirm_password"],
    message: "The two new passwords do not match.",
  });

export const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** An optional email address ("" = none → null). */
const optionalEmailField = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .optional()
  .transform((v) => v || null)
  .pipe(z.email({ error: "Enter a valid email address, like list@example.org." }).nullable());

/** An optional web address: http or https only, nothing that runs script ("" = none → null). */
export const optionalWebField = z
  .string()
  .trim()
  .max(500, "Use at most 500 characters.")
  .optional()
  .transform((v) => v || null)
  .refine((v) => v === null || isHttpUrl(v), "Enter a web address starting with https:// or http://.");

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && Boolean(url.hostname);
  } catch {
    return false;
  }
}

export const coalitionSchema = z
  .object({
    name: lineField({ required: "Give the coalition a name.", min: 2, minMessage: "Use at least 2 characters.", max: 120, maxMessage: "Use at most 120 characters." }),
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .min(2, "Use at least 2 characters.")
      .max(60, "Use at most 60 characters.")
      .regex(SLUG_RE, "Use lower-case letters, digits and single hyphens, like open-standards."),
    // Markdown, rendered like posts (raw HTML off, sanitised).
    description: z
      .string()
      .transform((v) => v.normalize("NFC").trim())
      .superRefine(refuseUnsafe("text"))
      .pipe(z.string().min(1, "Describe the coalition in a sentence or two.").max(4000, "Use at most 4,000 characters.")),
    founders: z
      .string()
      .max(1000, "Use at most 1,000 characters.")
      .optional()
      .transform((v) =>
        (v ?? "")
          .split(/[,\n]/)
          .map((s) => s.normalize("NFC").trim())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(z.string().max(120, "Keep each founder's name under 120 characters.").superRefine(refuseUnsafe("line")))
          .max(30, "List at most 30 founders."),
      ),
    visibility: z.enum(["public", "private"], { error: "Choose public or private." }),
    join_policy: z.enum(["open", "approval", "invitation"], { error: "Choose how people join." }),
    /** Absent (a form from before the field): the stored default stays (public for a new coalition). */
    default_thread_audience: z.enum(THREAD_AUDIENCES, { error: "Choose who new threads are for: public or members only." }).optional(),
    mailing_list: optionalEmailField,
    website: optionalWebField,
    contact_email: optionalEmailField,
    open_roles: z
      .array(z.enum(OPEN_ROLES, { error: `Open joining grants ${roleList(OPEN_ROLES)}.` }))
      .optional()
      .transform((v) => Array.from(new Set(v ?? []))),
  })
  .refine((v) => v.join_policy !== "open" || v.open_roles.length > 0, {
    path: ["open_roles"],
    message: "Choose at least one role that people who join get.",
  })
  // The roles only matter for open joining; keep both on record otherwise, ready for a switch to open.
  .transform((v) => ({ ...v, open_roles: v.open_roles.length ? v.open_roles : ([...OPEN_ROLES] as OpenRole[]) }));

export type CoalitionInput = z.output<typeof coalitionSchema>;

export const coalitionRoleField = z.enum(COALITION_ROLES, { error: `Choose ${roleList()}.` });

export type FieldErrors = Record<string, string>;

/** First message per field, keyed by the field's name. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "_form";
    out[key] ??= issue.message;
  }
  return out;
}

/** A FormData as a plain object; repeated keys become arrays where `arrays` names them. */
export function formToObject(form: FormData, arrays: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") continue;
    if (arrays.includes(key)) out[key] = [...((out[key] as string[] | undefined) ?? []), value];
    else out[key] = value;
  }
  for (const key of arrays) out[key] ??= [];
  return out;
}
