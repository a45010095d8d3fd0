import { z } from "zod";
import { COALITION_ROLES, OPEN_ROLES, type OpenRole } from "../../common/roles";
import { msg, t } from "./i18n/messages";
import { roleChoice } from "./i18n/vocabulary";
import { REGION_IDS, STAKEHOLDER_GROUP_IDS } from "./stakeholders";
import { handleField, optionalHandleField } from "./handles";
import { lineField, maxChars, minChars, optionalLineField, refuseUnsafe } from "./text-safety";
import { THREAD_AUDIENCES } from "./thread-audience";

// Form schemas, shared by the server (which always validates) and the UI (hints only). Their
// messages are read when a form is validated (`msg`), in the language of that request.

/** zod's error option for "Use at most {max} characters." */
const atMost = (max: number) => ({ error: maxChars(max) });
/** zod's error option for "Use at least {min} characters." */
const atLeast = (min: number) => ({ error: minChars(min) });

export const emailField = z
  .string(msg("validation.email.required"))
  .trim()
  .toLowerCase()
  .max(254, msg("validation.email.tooLong"))
  .pipe(z.email(msg("validation.email.invalid")));

export const passwordField = z
  .string(msg("validation.password.required"))
  .min(8, atLeast(8))
  .max(256, atMost(256));

export const nameField = lineField({ required: msg("validation.name.required"), max: 100 });

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
  email: z.string(msg("validation.email.required")).trim().toLowerCase().min(1, msg("validation.email.required")).max(254, msg("validation.email.tooLong")),
  password: z.string(msg("validation.password.enter")).min(1, msg("validation.password.enter")).max(256, atMost(256)),
});

/** An optional region from the fixed list ("" = not stated → null). */
export const regionField = z
  .union([z.enum(REGION_IDS), z.literal("")], msg("validation.region.choose"))
  .optional()
  .transform((v) => (v ? v : null));

export const profileSchema = z.object({
  name: nameField,
  /** Absent (a form from before the field): the stored handle stays. Present and empty: refused. */
  handle: handleField.optional(),
  organization: optionalLineField(200),
  stakeholder_group: z
    .union([z.enum(STAKEHOLDER_GROUP_IDS), z.literal("")], msg("validation.stakeholderGroup.choose"))
    .optional()
    .transform((v) => (v ? v : null)),
  region: regionField,
});

export const changePasswordSchema = z
  .object({
    current_password: z.string(msg("validation.password.current")).min(1, msg("validation.password.current")),
    new_password: passwordField,
    confirm_password: z.string(msg("validation.password.mismatch")),
  })
  .refine((v) => v.new_password === v.confirm_password, {
    path: ["confirm_password"],
    ...msg("validation.password.mismatch"),
  });

export const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** An optional email address ("" = none → null). */
const optionalEmailField = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, msg("validation.email.tooLong"))
  .optional()
  .transform((v) => v || null)
  .pipe(z.email(msg("validation.email.invalidList")).nullable());

/** An optional web address: http or https only, nothing that runs script ("" = none → null). */
export const optionalWebField = z
  .string()
  .trim()
  .max(500, atMost(500))
  .optional()
  .transform((v) => v || null)
  .refine((v) => v === null || isHttpUrl(v), msg("validation.web.invalid"));

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
    name: lineField({ required: msg("validation.coalition.name"), min: 2, minMessage: minChars(2), max: 120 }),
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .min(2, atLeast(2))
      .max(60, atMost(60))
      .regex(SLUG_RE, msg("validation.coalition.slug")),
    // Markdown, rendered like posts (raw HTML off, sanitised).
    description: z
      .string()
      .transform((v) => v.normalize("NFC").trim())
      .superRefine(refuseUnsafe("text"))
      .pipe(z.string().min(1, msg("validation.coalition.description")).max(4000, atMost(4000))),
    founders: z
      .string()
      .max(1000, atMost(1000))
      .optional()
      .transform((v) =>
        (v ?? "")
          .split(/[,\n]/)
          .map((s) => s.normalize("NFC").trim())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(z.string().max(120, msg("validation.coalition.founderName", { max: 120 })).superRefine(refuseUnsafe("line")))
          .max(30, msg("validation.coalition.founders", { max: 30 })),
      ),
    visibility: z.enum(["public", "private"], msg("validation.coalition.visibility")),
    join_policy: z.enum(["open", "approval", "invitation"], msg("validation.coalition.joinPolicy")),
    /** Absent (a form from before the field): the stored default stays (public for a new coalition). */
    default_thread_audience: z.enum(THREAD_AUDIENCES, msg("validation.coalition.threadAudience")).optional(),
    /** A ticked checkbox sends "yes"; an unticked one sends nothing (issue 23). */
    observers_may_comment: z
      .string()
      .optional()
      .transform((v) => v === "yes"),
    mailing_list: optionalEmailField,
    website: optionalWebField,
    contact_email: optionalEmailField,
    open_roles: z
      .array(z.enum(OPEN_ROLES, { error: () => t("validation.coalition.openRoleGrants", { roles: roleChoice(OPEN_ROLES) }) }))
      .optional()
      .transform((v) => Array.from(new Set(v ?? []))),
  })
  .refine((v) => v.join_policy !== "open" || v.open_roles.length > 0, {
    path: ["open_roles"],
    ...msg("validation.coalition.openRolesRequired"),
  })
  // The roles only matter for open joining; keep both on record otherwise, ready for a switch to open.
  .transform((v) => ({ ...v, open_roles: v.open_roles.length ? v.open_roles : ([...OPEN_ROLES] as OpenRole[]) }));

export type CoalitionInput = z.output<typeof coalitionSchema>;

export const coalitionRoleField = z.enum(COALITION_ROLES, { error: () => t("validation.role.choose", { roles: roleChoice(COALITION_ROLES) }) });

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
