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
}

export interface JobPayloads {
  "mail:send": MailPayload;
  /** Fans a new thread out as one mail:send per member who wants the coalition's mail at once. */
  "mail:thread-started": { threadId: string };
  /** The same for a newly published output (a document version). */
  "mail:output-published": { versionId: string };
  /** One person's digest for a local date ("YYYY-MM-DD" in their zone): one mail:send, or none when nothing is new. */
  "mail:digest": { userId: string; date: string };
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
