import { z } from "zod";
import { t } from "./i18n/messages";

/**
 * Handles: the name people are mentioned by (`@ada_lovelace`), shown instead of any part of an
 * e-mail address. 3–30 characters: letters a–z, digits, `_` and `-`, starting and ending with a
 * letter or digit (so a mention never swallows trailing punctuation), not only digits, not a
 * reserved word. Stored lower-case, so uniqueness is case-insensitive on both databases.
 */

export const HANDLE_MIN = 3;
export const HANDLE_MAX = 30;

/** Words that read as a group, a role or a page, which nobody may take as a handle. */
export const RESERVED_HANDLES: ReadonlySet<string> = new Set([
  "admin", "administrator", "admins", "all", "everyone", "everybody", "here", "channel", "members",
  "coordinators", "observers", "moderator", "moderators",
  "root", "system", "support", "staff", "team", "help", "me", "you", "anonymous", "guest",
  "null", "undefined", "api", "login", "logout", "signup", "settings", "notifications", "search",
]);

/** The handle refusals, in the language of the request being validated (read when needed, not at load). */
export const HANDLE_MESSAGES = {
  get required(): string {
    return t("validation.handle.required");
  },
  get short(): string {
    return t("validation.minChars", { min: HANDLE_MIN });
  },
  get long(): string {
    return t("validation.maxChars", { max: HANDLE_MAX });
  },
  get characters(): string {
    return t("validation.handle.characters");
  },
  get edges(): string {
    return t("validation.handle.edges");
  },
  get digits(): string {
    return t("validation.handle.digits");
  },
  reserved: (h: string) => t("validation.handle.reserved", { handle: h }),
  taken: (suggestion: string) => t("validation.handle.taken", { suggestion }),
};

/** Why a (trimmed, lower-cased) handle is refused, or null when it is fine. */
export function handleProblem(handle: string): string | null {
  if (!handle) return HANDLE_MESSAGES.required;
  if (!/^[a-z0-9_-]*$/.test(handle)) return HANDLE_MESSAGES.characters;
  if (handle.length < HANDLE_MIN) return HANDLE_MESSAGES.short;
  if (handle.length > HANDLE_MAX) return HANDLE_MESSAGES.long;
  if (!/^[a-z0-9].*[a-z0-9]$/.test(handle)) return HANDLE_MESSAGES.edges;
  if (/^[0-9]+$/.test(handle)) return HANDLE_MESSAGES.digits;
  if (RESERVED_HANDLES.has(handle)) return HANDLE_MESSAGES.reserved(handle);
  return null;
}

const normalise = (v: string) => v.trim().replace(/^@/, "").toLowerCase();

/** The form field: trimmed, a leading "@" dropped, lower-cased, then checked. */
export const handleField = z
  .string({ error: () => HANDLE_MESSAGES.required })
  .transform(normalise)
  .superRefine((v, ctx) => {
    const problem = handleProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** The same, where empty means "suggest one for me" (null). */
export const optionalHandleField = z
  .string()
  .transform(normalise)
  .superRefine((v, ctx) => {
    const problem = v ? handleProblem(v) : null;
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform((v) => v || null);

/**
 * A valid handle suggested from a name ("Ada Lovelace" → "ada_lovelace", "Zoë" → "zoe"),
 * before deduplication. Names with no letters a–z or digits fall back to "member".
 */
export function suggestHandle(name: string): string {
  let base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, HANDLE_MAX)
    .replace(/_+$/, "");
  if (!base) base = "member";
  else if (base.length < HANDLE_MIN) base = `${base}_member`;
  if (/^[0-9]+$/.test(base)) base = `u${base}`.slice(0, HANDLE_MAX);
  return base;
}

/** `base` with the number `n` appended, shortened so that the result stays within HANDLE_MAX. */
export function numberedHandle(base: string, n: number): string {
  const suffix = String(n);
  return `${base.slice(0, HANDLE_MAX - suffix.length).replace(/[_-]+$/, "")}${suffix}`;
}

/** The first of base, base2, base3… that is valid and not taken. */
export function firstFreeHandle(base: string, taken: (handle: string) => boolean): string {
  if (!handleProblem(base) && !taken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = numberedHandle(base, n);
    if (!handleProblem(candidate) && !taken(candidate)) return candidate;
  }
}

/** The hint under a handle field (sign-up and profile): the catalogue's `auth.handleHint`, with these limits. */
export const HANDLE_HINT_VALUES = { min: HANDLE_MIN, max: HANDLE_MAX } as const;
