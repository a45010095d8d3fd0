/**
 * Who a thread reaches (issue 19). "public": anyone who can see the coalition; "members": the
 * coalition's observers, members and coordinators (and site administrators). Which roles that
 * is, and what it refuses, is decided in policy.ts; this file names the values and their words.
 */

export const THREAD_AUDIENCES = ["public", "members"] as const;
export type ThreadAudience = (typeof THREAD_AUDIENCES)[number];

export const AUDIENCE_LABEL: Record<ThreadAudience, string> = {
  public: "Public: anyone who can see the coalition",
  members: "Members only: members, coordinators and observers",
};

/** The badge a members-only thread shows in lists and on its page (text, not colour alone). */
export const MEMBERS_ONLY_BADGE = "Members only";

export function isThreadAudience(value: unknown): value is ThreadAudience {
  return typeof value === "string" && (THREAD_AUDIENCES as readonly string[]).includes(value);
}
