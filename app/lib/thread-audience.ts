/**
 * Who a thread reaches (issue 19). "public": anyone who can see the coalition; "members": the
 * coalition's observers, members and coordinators (and site administrators). Which roles that
 * is, and what it refuses, is decided in policy.ts; this file names the values and their words.
 */

import { t } from "./i18n/messages";

export const THREAD_AUDIENCES = ["public", "members"] as const;
export type ThreadAudience = (typeof THREAD_AUDIENCES)[number];

/**
 * "Public: anyone who can see the coalition"… in the current language: each read asks the
 * catalogue (getters), so the words follow the request or the page, not the module's first load.
 */
export const AUDIENCE_LABEL: Readonly<Record<ThreadAudience, string>> = {
  get public() {
    return t("threads.audience.public");
  },
  get members() {
    return t("threads.audience.members");
  },
};

/** The badge a members-only thread shows in lists and on its page (text, not colour alone). */
export const membersOnlyBadge = (): string => t("threads.audience.badge");

export function isThreadAudience(value: unknown): value is ThreadAudience {
  return typeof value === "string" && (THREAD_AUDIENCES as readonly string[]).includes(value);
}
