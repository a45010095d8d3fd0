import { getDb } from "../../db/client";
import { newId, now as nowIso } from "../../db/ids";
import {
  findDecision,
  findDecisionById,
  findLatestVersion,
  insertAnnexEntries,
  insertDecision,
  listStances,
  lockOpenDecision,
  markDecisionClosed,
  setRestartedAs,
  upsertStance,
  countStances,
  findVersionRef,
  setOutcome,
  type DecisionRow,
} from "../../db/queries/decisions";
import { enqueue } from "../../db/queries/jobs";
import type { Executor } from "../../db/queries/users";
import { CLOSE_REASON_MAX, isDecisionKind, KIND_STANCES, OPTION_MAX, OPTIONS_MAX, QUESTION_MAX, REASON_MAX, REASON_REQUIRED, type DecisionKind } from "../lib/decisions";
import { notFound } from "../lib/http.server";
import { t } from "../lib/i18n/messages";
import { renderMarkdown } from "../lib/markdown.server";
import { refusal, type Refusal } from "../lib/policy";
import { zonedToUtc } from "../lib/time-zones";
import type { FieldErrors } from "../lib/validation";
import { decideFor, type CoalitionAccess } from "./access.server";
import { writeAudit } from "./audit.server";
import { annexEntries, outcomeOf, pollOptions } from "./decision-results.server";
import type { VersionSummary } from "./versions.server";

// Decisions on a published version (issue 24): opening, stances, closing (early or at the
// deadline, by the durable job `decision:close`), restarting, and the frozen dissent annex.
// Every change is one transaction with its audit row and the jobs it causes.

const DAY_MS = 24 * 60 * 60 * 1000;

export interface OpenValues {
  kind: string;
  question: string;
  deadline: string;
  zone: string;
  observers: boolean;
  visible: boolean;
  anonymous: boolean;
  onObjection: string;
  options: string;
  multiple: boolean;
}

export type FormFailure = { ok: false; status: number; message: string | null; fieldErrors: FieldErrors };

const failure = (fieldErrors: FieldErrors, status = 400): FormFailure => ({ ok: false, status, message: null, fieldErrors });

/** The decision of this coalition, or 404. */
export async function requireDecision(coalitionId: string, decisionId: string | undefined): Promise<DecisionRow> {
  const row = decisionId && /^[a-z0-9]{1,64}$/.test(decisionId) ? await findDecision(getDb(), coalitionId, decisionId) : undefined;
  if (!row) throw notFound(t("decisions.error.noSuchDecision"));
  return row;
}

export const isOpen = (d: Pick<DecisionRow, "closed_at">) => !d.closed_at;

/** The policy's view of a decision. */
export const decisionTarget = (d: Pick<DecisionRow, "closed_at" | "observers">) => ({ decision: { open: isOpen(d), observers: Boolean(d.observers) } });

/** Checks the opening form; returns the row's settings or the fields' errors. */
export function parseOpenValues(values: OpenValues, at: number) {
  const errors: FieldErrors = {};
  const kind = values.kind;
  if (!isDecisionKind(kind)) errors.kind = t("decisions.error.kind");
  const question = values.question.trim();
  if (question.length > QUESTION_MAX) errors.question = t("decisions.error.questionTooLong", { max: QUESTION_MAX });
  if (kind === "poll" && !question) errors.question = t("decisions.error.questionRequired");
  const deadline = zonedToUtc(values.deadline.trim(), values.zone);
  if (!deadline) errors.deadline = t("decisions.error.deadlineInvalid");
  else if (Date.parse(deadline) <= at) errors.deadline = t("decisions.error.deadlinePast");
  const options = values.options
    .split(/\r?\n/)
    .map((o) => o.trim())
    .filter(Boolean);
  if (kind === "poll") {
    if (options.length < 2) errors.options = t("decisions.error.optionsTooFew");
    else if (options.length > OPTIONS_MAX) errors.options = t("decisions.error.optionsTooMany", { max: OPTIONS_MAX });
    else if (options.some((o) => o.length > OPTION_MAX)) errors.options = t("decisions.error.optionTooLong", { max: OPTION_MAX });
  }
  const onObjection = values.onObjection === "restart" ? "restart" : "end";
  if (Object.keys(errors).length) return { ok: false as const, errors };
  return {
    ok: true as const,
    settings: {
      kind: kind as DecisionKind,
      question,
      options: kind === "poll" ? JSON.stringify(options) : null,
      multiple: kind === "poll" && values.multiple ? 1 : 0,
      observers: values.observers ? 1 : 0,
      visible: values.visible ? 1 : 0,
      anonymous: values.anonymous ? 1 : 0,
      on_objection: (kind === "silence" ? onObjection : "end") as "end" | "restart",
      deadline_at: deadline!,
    },
  };
}

type Settings = Extract<ReturnType<typeof parseOpenValues>, { ok: true }>["settings"];

/** Writes a new open decision with its jobs (close at the deadline, reminder a day before, opening mail) and its audit row. */
async function insertOpen(
  tx: Executor,
  input: { coalitionId: string; version: { id: string; documentId: string; number: number; title: string }; settings: Settings; by: string | null; at: string; restartedFrom?: string },
): Promise<string> {
  const id = newId();
  const { settings, at } = input;
  await insertDecision(tx, {
    id,
    coalition_id: input.coalitionId,
    version_id: input.version.id,
    document_id: input.version.documentId,
    ...settings,
    opened_by: input.by,
    opened_at: at,
    restarted_from: input.restartedFrom ?? null,
  });
  const deadline = Date.parse(settings.deadline_at);
  await enqueue(tx, "decision:close", { decisionId: id }, { runAt: new Date(deadline), key: `decision-close:${id}` });
  if (deadline - DAY_MS > Date.parse(at)) await enqueue(tx, "decision:remind", { decisionId: id }, { runAt: new Date(deadline - DAY_MS), key: `decision-remind:${id}` });
  await enqueue(tx, "mail:decision", { decisionId: id, event: "opened" }, { key: `decision-opened:${id}` });
  await writeAudit(tx, {
    coalitionId: input.coalitionId,
    actorId: input.by,
    action: input.restartedFrom ? "decision.restarted" : "decision.opened",
    detail: { decisionId: id, kind: settings.kind, question: settings.question || input.version.title, number: input.version.number, title: input.version.title, deadline: settings.deadline_at },
    at,
  });
  return id;
}

/** A coordinator opens a decision on a published (not withdrawn) version. */
export async function openDecision(access: CoalitionAccess, version: VersionSummary, values: OpenValues, at = Date.now()): Promise<{ ok: true; id: string } | FormFailure> {
  const allowed = decideFor(access, "decision:open", { version: { withdrawn: Boolean(version.withdrawn) } });
  if (!allowed.ok) return { ok: false, status: allowed.status, message: allowed.message, fieldErrors: {} };
  const parsed = parseOpenValues(values, at);
  if (!parsed.ok) return failure(parsed.errors);
  const id = await getDb()
    .transaction()
    .execute((tx) =>
      insertOpen(tx, {
        coalitionId: access.coalition.id,
        version: { id: version.id, documentId: version.documentId, number: version.number, title: version.documentTitle },
        settings: parsed.settings,
        by: access.user!.id,
        at: new Date(at).toISOString(),
      }),
    );
  return { ok: true, id };
}

export interface StanceValues {
  stance: string;
  reason: string;
  choices: string[];
}

function parseStance(d: DecisionRow, values: StanceValues) {
  const reason = values.reason.trim();
  if (reason.length > REASON_MAX) return failure({ reason: t("decisions.error.reasonTooLong", { max: REASON_MAX }) });
  if (d.kind === "poll") {
    const count = pollOptions(d).length;
    const choices = [...new Set(values.choices.map(Number))].filter((n) => Number.isInteger(n) && n >= 0 && n < count).sort((a, b) => a - b);
    if (!choices.length || choices.length !== values.choices.length) return failure({ choices: t("decisions.error.choiceRequired") });
    if (!d.multiple && choices.length > 1) return failure({ choices: t("decisions.error.oneChoice") });
    return { ok: true as const, stance: "vote", choices: JSON.stringify(choices), reason };
  }
  const allowed = KIND_STANCES[d.kind as Exclude<DecisionKind, "poll">];
  if (!(allowed as readonly string[]).includes(values.stance)) return failure({ stance: t("decisions.error.stance") });
  if (REASON_REQUIRED.has(values.stance) && !reason) return failure({ reason: t("decisions.error.reasonRequired") });
  return { ok: true as const, stance: values.stance, choices: null, reason };
}

/**
 * Takes or changes the viewer's stance. One row per person and decision (the primary key), written
 * under the decision's row lock while it is open and before its deadline: a stance after the close
 * changes nothing. An objection in a silence procedure ends it at once, or restarts it for a new period.
 */
export async function takeStance(access: CoalitionAccess, d: DecisionRow, values: StanceValues): Promise<{ ok: true; closed: boolean; restartedAs: string | null } | FormFailure> {
  const allowed = decideFor(access, "decision:take-part", decisionTarget(d));
  if (!allowed.ok) return { ok: false, status: allowed.status, message: allowed.message, fieldErrors: {} };
  const parsed = parseStance(d, values);
  if (!parsed.ok) return parsed;
  const at = nowIso();
  const userId = access.user!.id;
  const result = await getDb()
    .transaction()
    .execute(async (tx) => {
      if (!(await lockOpenDecision(tx, d.id, at))) return null;
      await upsertStance(tx, { decision_id: d.id, user_id: userId, stance: parsed.stance, choices: parsed.choices, reason: parsed.reason, reason_html: parsed.reason ? renderMarkdown(parsed.reason).html : "", at });
      const question = d.question || d.document_title;
      await writeAudit(tx, {
        coalitionId: d.coalition_id,
        // An anonymous decision's log says how many took part, never who chose what.
        actorId: d.anonymous ? null : userId,
        action: "decision.stance_taken",
        detail: d.anonymous ? { decisionId: d.id, question, anonymous: true, count: await countStances(tx, d.id) } : { decisionId: d.id, question, stance: parsed.stance },
        at,
      });
      if (d.kind === "silence" && parsed.stance === "object") {
        if (d.on_objection === "restart") return { closed: true, restartedAs: await restartInTx(tx, d, { by: null, at, versionId: d.version_id }) };
        await closeInTx(tx, d, { by: null, reason: null, at });
        return { closed: true, restartedAs: null };
      }
      return { closed: false, restartedAs: null };
    });
  if (!result) return { ok: false, status: 409, message: t("decisions.error.closed"), fieldErrors: {} };
  return { ok: true, ...result };
}

/**
 * Closes it inside the caller's transaction: marks it closed (once: false when it already was),
 * records the outcome from the stances as they stand, freezes the dissent annex, audits, and
 * queues the outcome mail.
 */
async function closeInTx(tx: Executor, d: DecisionRow, close: { by: string | null; reason: string | null; at: string }): Promise<boolean> {
  // Marking it closed first takes the row's lock: a stance waiting for it then finds it closed.
  if (!(await markDecisionClosed(tx, d.id, { at: close.at, by: close.by, reason: close.reason, outcome: "not_adopted", detail: "{}" }))) return false;
  const stances = await listStances(tx, d.id);
  const { outcome, detail } = outcomeOf(d, stances);
  await setOutcome(tx, d.id, outcome, JSON.stringify(detail));
  await insertAnnexEntries(tx, annexEntries(d, stances, close.at));
  await writeAudit(tx, {
    coalitionId: d.coalition_id,
    actorId: close.by,
    action: "decision.closed",
    reason: close.reason,
    detail: { decisionId: d.id, question: d.question || d.document_title, outcome, early: Boolean(close.by), counts: detail.counts },
    at: close.at,
  });
  await enqueue(tx, "mail:decision", { decisionId: d.id, event: "closed" }, { key: `decision-closed:${d.id}` });
  return true;
}

/** Closes the old one as "restarted" and opens the same decision for a new period of the same length on `versionId`. */
async function restartInTx(tx: Executor, d: DecisionRow, r: { by: string | null; at: string; versionId: string }): Promise<string | null> {
  if (!(await markDecisionClosed(tx, d.id, { at: r.at, by: r.by, reason: null, outcome: "restarted", detail: JSON.stringify({ counts: {}, total: 0 }) }))) return null;
  const version = await findVersionRef(tx, r.versionId);
  if (!version) throw new Error(`no version ${r.versionId}`);
  const period = Math.max(DAY_MS / 24, Date.parse(d.deadline_at) - Date.parse(d.opened_at));
  const next = await insertOpen(tx, {
    coalitionId: d.coalition_id,
    version: { id: version.id, documentId: version.document_id, number: Number(version.number), title: d.document_title },
    settings: {
      kind: d.kind,
      question: d.question,
      options: d.options,
      multiple: d.multiple,
      observers: d.observers,
      visible: d.visible,
      anonymous: d.anonymous,
      on_objection: d.on_objection,
      deadline_at: new Date(Date.parse(r.at) + period).toISOString(),
    },
    by: r.by,
    at: r.at,
    restartedFrom: d.id,
  });
  await setRestartedAs(tx, d.id, next);
  await enqueue(tx, "mail:decision", { decisionId: d.id, event: "closed" }, { key: `decision-closed:${d.id}` });
  return next;
}

/** A coordinator closes it before its deadline, with a reason. */
export async function closeEarly(access: CoalitionAccess, d: DecisionRow, reasonText: string): Promise<{ ok: true } | FormFailure> {
  const allowed = decideFor(access, "decision:close", decisionTarget(d));
  if (!allowed.ok) return { ok: false, status: allowed.status, message: allowed.message, fieldErrors: {} };
  const reason = reasonText.trim();
  if (!reason) return failure({ closeReason: t("decisions.error.closeReasonRequired") });
  if (reason.length > CLOSE_REASON_MAX) return failure({ closeReason: t("decisions.error.closeReasonTooLong", { max: CLOSE_REASON_MAX }) });
  const closed = await getDb()
    .transaction()
    .execute(async (tx) => closeInTx(tx, d, { by: access.user!.id, reason, at: nowIso() }));
  if (!closed) return { ok: false, status: 409, message: t("decisions.error.closed"), fieldErrors: {} };
  return { ok: true };
}

/** A coordinator restarts an open decision on the document's newest version (published after it opened). */
export async function restartOnLatest(access: CoalitionAccess, d: DecisionRow): Promise<{ ok: true; id: string } | Refusal> {
  const allowed = decideFor(access, "decision:open", { ...decisionTarget(d) });
  if (!allowed.ok) return allowed;
  const latest = await findLatestVersion(getDb(), d.document_id);
  if (!latest || Number(latest.number) <= Number(d.version_number)) return refusal(409, t("decisions.error.noNewerVersion"));
  const id = await getDb()
    .transaction()
    .execute(async (tx) => restartInTx(tx, d, { by: access.user!.id, at: nowIso(), versionId: latest.id }));
  if (!id) return refusal(409, t("decisions.error.closed"));
  return { ok: true, id };
}

/** The job `decision:close`: closes it at its deadline (by the runner's clock); nothing when it is already closed. */
export async function closeDueDecision(db: Executor, decisionId: string, at: Date): Promise<"closed" | "already" | "missing"> {
  const d = await findDecisionById(db, decisionId);
  if (!d) return "missing";
  if (d.closed_at) return "already";
  // Queued with run_at = deadline: running earlier means the clock moved back; try again later.
  if (at.getTime() < Date.parse(d.deadline_at)) throw new Error(`decision ${decisionId} is not due until ${d.deadline_at}`);
  const closed = await db.transaction().execute(async (tx) => closeInTx(tx, d, { by: null, reason: null, at: at.toISOString() }));
  return closed ? "closed" : "already";
}

/** The newer version of the decision's document, when one was published after the decided one. */
export async function newerVersionOf(d: DecisionRow) {
  const latest = await findLatestVersion(getDb(), d.document_id);
  return latest && Number(latest.number) > Number(d.version_number) ? { id: latest.id, number: Number(latest.number), label: latest.label } : null;
}
