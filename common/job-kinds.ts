/**
 * THE list of durable job kinds (server/jobs/queue.ts): each kind's payload type and how many
 * tries it gets before it is left dead. A kind is added here, and then the compiler asks for its
 * handler in server/jobs/handlers.ts (a Record over this list). Payloads are stored as JSON.
 */

/** A mail ready to hand to SMTP: rendered when enqueued, so a retry sends the same message. */
export interface MailPayload {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Id, List-Unsubscribe, References…). */
  headers?: Record<string, string>;
  /** The Message-ID, without angle brackets (for threading). */
  messageId?: string;
  /**
   * Account mail (address verification, sign-up notice, password reset): sent even to an address
   * not yet verified. Everything else to an account's unverified address is dropped at send.
   */
  account?: boolean;
}

export interface JobPayloads {
  "mail:send": MailPayload;
  /** Fans a new thread out as one mail:send per member who wants the coalition's mail at once. */
  "mail:thread-started": { threadId: string };
  /** The same for a newly published output (a document version). */
  "mail:output-published": { versionId: string };
  /** Asks the endorsers of the version before this one to re-confirm on this one (issue 24): a notification (and its mail) each. */
  "endorsements:reconfirm": { versionId: string };
  /** One person's digest for a local date ("YYYY-MM-DD" in their zone): one mail:send, or none when nothing is new. */
  "mail:digest": { userId: string; date: string };
  /** Public consultation news (issue 26): opened (the coalition's list), a comment answered (its author), closing soon (commenters and the list). */
  "mail:consultation": { event: "opened" | "answered" | "closing"; consultationId: string; commentId?: string };
  /** Builds a person's "Download my data" archive and mails its link (issue 27). */
  "account:export": { exportId: string };
  /** Deletes (anonymises) an account whose 14 days of grace are over, unless cancelled since (issue 27). */
  "account:delete": { userId: string; dueAt: string };
  /** Closes a decision on a version at its deadline (issue 24); queued when it opens, run_at = deadline. */
  "decision:close": { decisionId: string };
  /** 24 h before a decision's deadline: one mail:send to each participant who has not taken part. */
  "decision:remind": { decisionId: string };
  /** Fans a decision's opening or outcome out as one mail:send per participant who wants the coalition's mail at once. */
  "mail:decision": { decisionId: string; event: "opened" | "closed" };
  /** Does nothing: a probe that the runner works (tests give it their own handler). */
  "noop": { note?: string };
}

export type JobKind = keyof JobPayloads;

export const JOB_KINDS: Record<JobKind, { maxAttempts: number }> = {
  "mail:send": { maxAttempts: 8 },
  "mail:thread-started": { maxAttempts: 5 },
  "mail:output-published": { maxAttempts: 5 },
  "mail:digest": { maxAttempts: 5 },
  "endorsements:reconfirm": { maxAttempts: 5 },
  "mail:consultation": { maxAttempts: 5 },
  "account:export": { maxAttempts: 5 },
  "account:delete": { maxAttempts: 8 },
  "decision:close": { maxAttempts: 10 },
  "decision:remind": { maxAttempts: 5 },
  "mail:decision": { maxAttempts: 5 },
  noop: { maxAttempts: 3 },
};

export const JOB_STATES = ["queued", "running", "done", "dead"] as const;
export type JobState = (typeof JOB_STATES)[number];

export function isJobKind(value: unknown): value is JobKind {
  return typeof value === "string" && Object.hasOwn(JOB_KINDS, value);
}
