/**
 * Who a thread reaches (issue 19). "public": anyone who can see the coalition; "members": the
 * coalition's observers, members and coordinators (and site administrators). Which roles that
 * is, and what it refuses, is decided in policy.ts; this file names the values and their words.
 */

import { t } from "./i18n/messages";

export const THREAD_AUDIENCES = ["public", "members"] as const;
export type ThreadAudience = (typeof THREAD_AUDIENCES)[number];

/** "Public: anyone who can see the coalition"… in the current language. */
export const audienceLabel = (audience: ThreadAudience): string => t(audience === "members" ? "threads.audience.members" : "threads.audience.public");
/** "Public" / "Members only" in the current language (for a choice's label). */
export const audienceName = (audience: ThreadAudience): string => t(audience === "members" ? "threads.audience.name.members" : "threads.audience.name.public");
/** "Anyone who can see the coalition." / "Members, coordinators and observers." in the current language (a choice's hint). */
export const audienceHint = (audience: ThreadAudience): string => t(audience === "members" ? "threads.audience.hint.members" : "threads.audience.hint.public");

/** The badge a members-only thread shows in lists and on its page (text, not colour alone). */
export const membersOnlyBadge = (): string => t("threads.audience.badge");

export function isThreadAudience(value: unknown): value is ThreadAudience {
  return typeof value === "string" && (THREAD_AUDIENCES as readonly string[]).includes(value);
}
