import { t, type MessageId } from "./i18n/messages";

// The vocabulary of decisions on a version (issue 24): kinds, the stances each kind offers, which
// of them need a reason, which ones the dissent annex keeps, and their words in the reader's language.

export const DECISION_KINDS = ["consent", "consensus", "silence", "poll"] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export const STANCES = ["agree", "abstain", "object", "stand_aside", "block"] as const;
export type Stance = (typeof STANCES)[number];

/** What a participant may answer, per kind (a poll's answer is its options). */
export const KIND_STANCES: Record<Exclude<DecisionKind, "poll">, readonly Stance[]> = {
  consent: ["agree", "abstain", "object"],
  consensus: ["agree", "abstain", "stand_aside", "block"],
  silence: ["agree", "object"],
};

/** Stances that need a reason. */
export const REASON_REQUIRED: ReadonlySet<string> = new Set(["object", "block"]);

/** Stances that stop adoption on their own (consent counts: adopted when more agree than object). */
export const STOPPING: Record<Exclude<DecisionKind, "poll" | "consent">, Stance> = { consensus: "block", silence: "object" };

/** Stances the dissent annex keeps: every one that is not agreement. */
export const ANNEX_STANCES: ReadonlySet<string> = new Set(["object", "block", "stand_aside", "abstain"]);

export const QUESTION_MAX = 300;
export const REASON_MAX = 5000;
export const CLOSE_REASON_MAX = 500;
export const OPTION_MAX = 200;
export const OPTIONS_MAX = 20;

export function isDecisionKind(v: unknown): v is DecisionKind {
  return typeof v === "string" && (DECISION_KINDS as readonly string[]).includes(v);
}

export function isStance(v: unknown): v is Stance {
  return typeof v === "string" && (STANCES as readonly string[]).includes(v);
}

export function kindWord(kind: string): string {
  return isDecisionKind(kind) ? t(`decisions.kind.${kind}` as MessageId) : kind;
}

export function stanceWord(stance: unknown): string {
  return isStance(stance) ? t(`decisions.stance.${stance}` as MessageId) : typeof stance === "string" ? stance : "?";
}

export function outcomeWord(outcome: unknown): string {
  return outcome === "adopted" || outcome === "not_adopted" || outcome === "poll" || outcome === "restarted" ? t(`decisions.outcome.${outcome}` as MessageId) : "?";
}
