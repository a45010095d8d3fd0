import type { ColumnType } from "kysely";

// The tables of migration 0024 (issue 24: decisions on a published version and the dissent annex).

export type DecisionKind = "consent" | "consensus" | "silence" | "poll";
export type DecisionOutcome = "adopted" | "not_adopted" | "poll" | "restarted";

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface DecisionTable {
  id: string;
  coalition_id: string;
  version_id: string;
  document_id: string;
  kind: DecisionKind;
  question: string;
  /** Poll: JSON array of option texts. */
  options: Nullable<string>;
  multiple: number;
  observers: number;
  visible: number;
  anonymous: number;
  on_objection: "end" | "restart";
  deadline_at: string;
  opened_by: string | null;
  opened_at: string;
  closed_at: Nullable<string>;
  closed_by: Nullable<string>;
  close_reason: Nullable<string>;
  outcome: Nullable<DecisionOutcome>;
  outcome_detail: Nullable<string>;
  restarted_from: Nullable<string>;
  restarted_as: Nullable<string>;
}

export interface DecisionStanceTable {
  decision_id: string;
  user_id: string;
  stance: string;
  choices: string | null;
  reason: string;
  reason_html: string;
  created_at: string;
  updated_at: string;
}

export interface DecisionAnnexEntryTable {
  decision_id: string;
  position: number;
  version_id: string;
  stance: string;
  reason_html: string;
  reason: string;
  author_name: string | null;
  stakeholder_group: string | null;
  region: string | null;
  created_at: string;
}
