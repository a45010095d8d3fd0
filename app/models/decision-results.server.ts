import type { DecisionRow, StanceRow } from "../../db/queries/decisions";
import { ANNEX_STANCES, KIND_STANCES, STOPPING, stanceWord, type DecisionKind } from "../lib/decisions";
import { t } from "../lib/i18n/messages";
import { REGIONS, STAKEHOLDER_GROUPS, regionLabel, stakeholderLabel } from "../lib/stakeholders";

// A decision's tallies (by stance or option, by stakeholder group, by region) and its outcome,
// computed from its stances; the same function serves the page while it is open and the close.

export interface Column {
  id: string;
  label: string;
}

export interface TallyRow {
  id: string;
  label: string;
  /** Per column id, how many. */
  counts: Record<string, number>;
  /** People in this row (a multiple-choice voter counts once here, in each option chosen above). */
  people: number;
}

export interface Tallies {
  columns: Column[];
  /** People who took part. */
  total: number;
  /** Per column: the count. */
  byStance: Array<Column & { count: number }>;
  byGroup: TallyRow[];
  byRegion: TallyRow[];
}

export function pollOptions(d: Pick<DecisionRow, "options">): string[] {
  try {
    const parsed = JSON.parse(d.options ?? "[]") as unknown;
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

export function choicesOf(s: Pick<StanceRow, "choices">): number[] {
  try {
    const parsed = JSON.parse(s.choices ?? "[]") as unknown;
    return Array.isArray(parsed) ? parsed.filter((n): n is number => Number.isInteger(n)) : [];
  } catch {
    return [];
  }
}

export function columnsOf(d: Pick<DecisionRow, "kind" | "options">): Column[] {
  if (d.kind === "poll") return pollOptions(d).map((label, i) => ({ id: String(i), label }));
  return KIND_STANCES[d.kind as Exclude<DecisionKind, "poll">].map((s) => ({ id: s, label: stanceWord(s) }));
}

/** The columns one stance counts in: its stance, or each option it chose. */
function cells(s: StanceRow): string[] {
  return s.stance === "vote" ? choicesOf(s).map(String) : [s.stance];
}

function rows(stances: StanceRow[], list: ReadonlyArray<{ id: string }>, key: (s: StanceRow) => string | null, label: (id: string | null) => string, columns: Column[]): TallyRow[] {
  const known = new Set(list.map((l) => l.id));
  const ids = [...list.map((l) => l.id), ...(stances.some((s) => !known.has(key(s) ?? "")) ? ["unknown"] : [])];
  return ids.map((id) => {
    const mine = stances.filter((s) => (id === "unknown" ? !known.has(key(s) ?? "") : key(s) === id));
    const counts = Object.fromEntries(columns.map((c) => [c.id, mine.filter((s) => cells(s).includes(c.id)).length]));
    return { id, label: label(id === "unknown" ? null : id), counts, people: mine.length };
  });
}

export function tally(d: Pick<DecisionRow, "kind" | "options">, stances: StanceRow[]): Tallies {
  const columns = columnsOf(d);
  return {
    columns,
    total: stances.length,
    byStance: columns.map((c) => ({ ...c, count: stances.filter((s) => cells(s).includes(c.id)).length })),
    byGroup: rows(stances, STAKEHOLDER_GROUPS, (s) => s.stakeholder_group, stakeholderLabel, columns),
    byRegion: rows(stances, REGIONS, (s) => s.region, regionLabel, columns),
  };
}

export interface OutcomeDetail {
  counts: Record<string, number>;
  total: number;
  /** Poll: the options with the most votes (none without votes). */
  winners?: number[];
}

/** What closing now would decide: adopted or not (consent, consensus, silence), or a poll's result. */
export function outcomeOf(d: Pick<DecisionRow, "kind" | "options">, stances: StanceRow[]): { outcome: "adopted" | "not_adopted" | "poll"; detail: OutcomeDetail } {
  const t = tally(d, stances);
  const counts = Object.fromEntries(t.byStance.map((c) => [c.id, c.count]));
  if (d.kind === "poll") {
    const max = Math.max(0, ...t.byStance.map((c) => c.count));
    const winners = max ? t.byStance.filter((c) => c.count === max).map((c) => Number(c.id)) : [];
    return { outcome: "poll", detail: { counts, total: t.total, winners } };
  }
  // Consent: adopted when more agree than object (objections go into the dissent annex);
  // consensus: any block stops it; silence: any objection stops it.
  const adopted = d.kind === "consent" ? (counts.agree ?? 0) > (counts.object ?? 0) : (counts[STOPPING[d.kind as Exclude<DecisionKind, "poll" | "consent">]] ?? 0) === 0;
  return { outcome: adopted ? "adopted" : "not_adopted", detail: { counts, total: t.total } };
}

/** The outcome statement in the current language: "Adopted: 3 agree, 1 object." or the poll's leading options. */
export function outcomeStatement(d: Pick<DecisionRow, "kind" | "options" | "outcome" | "outcome_detail">): string | null {
  if (!d.outcome) return null;
  let detail: OutcomeDetail = { counts: {}, total: 0 };
  try {
    detail = JSON.parse(d.outcome_detail ?? "{}") as OutcomeDetail;
  } catch {
    /* shown without counts */
  }
  const counts = columnsOf(d)
    .map((c) => t("decisions.result.count", { label: c.label, count: detail.counts?.[c.id] ?? 0 }))
    .join(t("decisions.result.separator"));
  if (d.outcome === "restarted") return t("decisions.statement.restarted");
  if (d.outcome === "poll") {
    const options = pollOptions(d);
    const winners = (detail.winners ?? []).map((i) => options[i]).filter(Boolean);
    return winners.length ? t("decisions.statement.poll", { winners: winners.join(t("decisions.result.separator")), counts }) : t("decisions.statement.pollEmpty");
  }
  return d.outcome === "adopted" ? t("decisions.statement.adopted", { counts }) : t("decisions.statement.notAdopted", { counts });
}

/** The stances the dissent annex keeps, in order, as they stand at the close. */
export function annexEntries(d: Pick<DecisionRow, "id" | "version_id" | "anonymous" | "kind">, stances: StanceRow[], at: string) {
  if (d.kind === "poll") return [];
  return stances
    .filter((s) => ANNEX_STANCES.has(s.stance))
    .map((s, i) => ({
      decision_id: d.id,
      position: i + 1,
      version_id: d.version_id,
      stance: s.stance,
      reason: s.reason,
      reason_html: s.reason_html,
      author_name: d.anonymous ? null : s.name,
      stakeholder_group: s.stakeholder_group,
      region: s.region,
      created_at: at,
    }));
}
