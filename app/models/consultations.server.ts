import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";
import * as q from "../../db/queries/consultations";
import { enqueue } from "../../db/queries/jobs";
import { findUserById } from "../../db/queries/users";
import { LINK_REL, renderMarkdown } from "../lib/markdown.server";
import { notFound } from "../lib/http.server";
import { t } from "../lib/i18n/messages";
import { refusal, type Refusal } from "../lib/policy";
import { zonedToUtc } from "../lib/time-zones";
import { fieldErrors, type FieldErrors } from "../lib/validation";
import {
  answerSchema, commentSchema, hideSchema, isClosed, isNewAccount, openSchema, replySchema,
  NEW_ACCOUNT_COMMENTS_PER_HOUR,
} from "../lib/consultation-rules";
import { decideFor, type CoalitionAccess } from "./access.server";
import { writeAudit } from "./audit.server";
import { versionBlocks } from "./consultation-blocks.server";
import type { VersionWithContent } from "./versions.server";

/**
 * Public consultation on a published version (issue 26): coordinators open it until a date with
 * an introduction; anyone signed in (member or not, in a public coalition) comments on a
 * numbered paragraph or range and says which stakeholder group they speak for, and replies;
 * coordinators answer each comment, hide one with a reason, and close it. A consultation is
 * closed once a coordinator closes it or its date has passed (computed, so no job has to run
 * for it to close); from then on the server refuses comments and its disposition table is
 * published (consultation-disposition.server.ts).
 */

export type FormResult<V> = { ok: true; id: string } | { ok: false; status: number; message: string | null; fieldErrors: FieldErrors; values: V; retryAfterSeconds?: number };

const ID_RE = /^[a-z0-9]{1,64}$/;
/** Mail that the consultation closes soon goes out this long before. */
const CLOSING_SOON_MS = 48 * 3600 * 1000;

const failed = <V>(values: V, r: Refusal | { status: number; message: string }, field?: string): FormResult<V> => ({
  ok: false,
  status: r.status,
  message: field ? null : r.message,
  fieldErrors: field ? { [field]: r.message } : {},
  values,
});

/** A consultation of the coalition, or 404 (also for a viewer who may not read it). */
export async function requireConsultation(access: CoalitionAccess, id: string | undefined) {
  const row = id && ID_RE.test(id) ? await q.findConsultation(getDb(), access.coalition.id, id) : undefined;
  if (!row || !decideFor(access, "consultation:read").ok) throw notFound(t("consultation.error.notFound"));
  return row;
}
export type Consultation = q.ConsultationRow;

export const consultationClosed = (c: Pick<Consultation, "closes_at" | "closed_at">) => isClosed(c, new Date());

/** Opens a version for public consultation until `closes` (read in `zone`), with an introduction. */
export async function openConsultation(access: CoalitionAccess, version: VersionWithContent, form: { closes: string; introduction: string }, zone: string): Promise<FormResult<typeof form>> {
  const decision = decideFor(access, "consultation:manage", { version: { withdrawn: Boolean(version.withdrawn) } });
  if (!decision.ok) return failed(form, decision);
  const parsed = openSchema().safeParse(form);
  if (!parsed.success) return { ok: false, status: 400, message: null, fieldErrors: fieldErrors(parsed.error), values: form };
  const closesAt = zonedToUtc(parsed.data.closes, zone);
  if (!closesAt) return failed(form, { status: 400, message: t("consultation.error.closesRequired") }, "closes");
  if (Date.parse(closesAt) <= Date.now()) return failed(form, { status: 400, message: t("consultation.error.closesPast") }, "closes");
  if (await q.findConsultationOfVersion(getDb(), version.id)) return failed(form, refusal(409, t("consultation.error.alreadyOpen")));
  const id = newId();
  const at = now();
  await getDb().transaction().execute(async (tx) => {
    await q.insertConsultation(tx, {
      id, coalition_id: access.coalition.id, version_id: version.id, document_id: version.documentId,
      introduction: parsed.data.introduction, closes_at: closesAt, time_zone: zone, opened_by: access.user!.id, opened_at: at,
    });
    await writeAudit(tx, { coalitionId: access.coalition.id, actorId: access.user!.id, action: "consultation.opened", detail: { consultationId: id, number: version.number, title: version.documentTitle }, at });
    await enqueue(tx, "mail:consultation", { event: "opened", consultationId: id }, { key: `consultation-opened:${id}` });
    const soon = Date.parse(closesAt) - CLOSING_SOON_MS;
    if (soon > Date.now()) await enqueue(tx, "mail:consultation", { event: "closing", consultationId: id }, { key: `consultation-closing:${id}`, runAt: new Date(soon) });
  });
  return { ok: true, id };
}

type CommentForm = { paragraph: string; paragraphTo: string; group: string; body: string };

/** How long until a new account may comment again, or null when it may now. */
async function throttleWait(userId: string, at: Date): Promise<number | null> {
  const user = await findUserById(getDb(), userId);
  if (!user || !isNewAccount(user.created_at, at)) return null;
  const hourAgo = new Date(at.getTime() - 3600_000).toISOString();
  const { count, oldest } = await q.countCommentsSince(getDb(), userId, hourAgo);
  if (count < NEW_ACCOUNT_COMMENTS_PER_HOUR || !oldest) return null;
  return Math.max(60, Math.ceil((Date.parse(oldest) + 3600_000 - at.getTime()) / 1000));
}

/** A comment's HTML: the posts' Markdown and sanitiser; links of a new account stay "nofollow ugc". */
function commentHtml(body: string, newAccount: boolean): string {
  const { html } = renderMarkdown(body);
  return newAccount ? html : html.replaceAll(`rel="${LINK_REL}"`, `rel="ugc noopener"`);
}

/**
 * Writes a comment (or, with `parentId`, a reply to one). Refused, storing nothing: a viewer who
 * may not comment, a closed consultation (409), a paragraph outside the version, a new account
 * past its hourly allowance (429, with the wait).
 */
export async function addComment(access: CoalitionAccess, c: Consultation, form: CommentForm & { parentId?: string }): Promise<FormResult<CommentForm>> {
  const values = { paragraph: form.paragraph ?? "", paragraphTo: form.paragraphTo ?? "", group: form.group ?? "", body: form.body ?? "" };
  const decision = decideFor(access, "consultation:comment", { consultation: { closed: consultationClosed(c) } });
  if (!decision.ok) return failed(values, decision);
  const userId = access.user!.id;
  let target: { from: number; to: number; group: string; body: string; parentId: string | null };
  if (form.parentId) {
    const parsed = replySchema().safeParse(values);
    if (!parsed.success) return { ok: false, status: 400, message: null, fieldErrors: fieldErrors(parsed.error), values };
    const parent = ID_RE.test(form.parentId) ? await q.findComment(getDb(), c.id, form.parentId) : undefined;
    if (!parent || parent.parent_id) return failed(values, refusal(404, t("consultation.error.noSuchComment")));
    target = { from: Number(parent.paragraph_from), to: Number(parent.paragraph_to), group: access.user!.stakeholder_group ?? "unknown", body: parsed.data.body, parentId: parent.id };
  } else {
    const parsed = commentSchema().safeParse(values);
    if (!parsed.success) return { ok: false, status: 400, message: null, fieldErrors: fieldErrors(parsed.error), values };
    const count = versionBlocks(c.version_state).length;
    const to = parsed.data.paragraphTo ?? parsed.data.paragraph;
    if (parsed.data.paragraph > count) return failed(values, { status: 400, message: t("consultation.error.paragraphMax", { count }) }, "paragraph");
    if (to > count) return failed(values, { status: 400, message: t("consultation.error.paragraphMax", { count }) }, "paragraphTo");
    target = { from: parsed.data.paragraph, to, group: parsed.data.group, body: parsed.data.body, parentId: null };
  }
  const at = new Date();
  const wait = await throttleWait(userId, at);
  if (wait !== null) return { ok: false, status: 429, message: t("consultation.error.throttled", { count: NEW_ACCOUNT_COMMENTS_PER_HOUR, minutes: Math.ceil(wait / 60) }), fieldErrors: {}, values, retryAfterSeconds: wait };
  const author = await findUserById(getDb(), userId);
  const id = newId();
  const stored = await getDb().transaction().execute(async (tx) => {
    // The closing date is read again with the write: a comment racing the close is not kept.
    const state = await q.consultationState(tx, c.id);
    if (!state || isClosed(state, new Date())) return false;
    await q.insertComment(tx, {
      id, consultation_id: c.id, parent_id: target.parentId, author_id: userId, paragraph_from: target.from, paragraph_to: target.to,
      stakeholder_group: target.group, region: author?.region ?? null, body: target.body,
      body_html: commentHtml(target.body, author ? isNewAccount(author.created_at, at) : true), created_at: at.toISOString(),
    });
    return true;
  });
  if (!stored) return failed(values, refusal(409, t("consultation.error.closed")));
  return { ok: true, id };
}

/** A coordinator's answer to a (top-level) comment: accepted / partly / not accepted / noted, with a reason. */
export async function answerComment(access: CoalitionAccess, c: Consultation, commentId: string, form: { answer: string; reason: string }): Promise<FormResult<typeof form>> {
  const decision = decideFor(access, "consultation:manage");
  if (!decision.ok) return failed(form, decision);
  const comment = ID_RE.test(commentId) ? await q.findComment(getDb(), c.id, commentId) : undefined;
  if (!comment || comment.parent_id) return failed(form, refusal(404, t("consultation.error.noSuchComment")));
  const parsed = answerSchema().safeParse(form);
  if (!parsed.success) return { ok: false, status: 400, message: null, fieldErrors: fieldErrors(parsed.error), values: form };
  const at = now();
  await getDb().transaction().execute(async (tx) => {
    await q.setAnswer(tx, comment.id, { answer: parsed.data.answer, reason: parsed.data.reason, by: access.user!.id, at });
    await enqueue(tx, "mail:consultation", { event: "answered", consultationId: c.id, commentId: comment.id }, { key: `consultation-answered:${comment.id}:${at}` });
  });
  return { ok: true, id: comment.id };
}

/** Hides a comment with a reason: it is kept, and shown as hidden (with the reason) to everyone. */
export async function hideComment(access: CoalitionAccess, c: Consultation, commentId: string, form: { reason: string }): Promise<FormResult<typeof form>> {
  const decision = decideFor(access, "consultation:manage");
  if (!decision.ok) return failed(form, decision);
  const comment = ID_RE.test(commentId) ? await q.findComment(getDb(), c.id, commentId) : undefined;
  if (!comment) return failed(form, refusal(404, t("consultation.error.noSuchComment")));
  const parsed = hideSchema().safeParse(form);
  if (!parsed.success) return { ok: false, status: 400, message: null, fieldErrors: fieldErrors(parsed.error), values: form };
  const at = now();
  const changed = await getDb().transaction().execute(async (tx) => {
    if (!(await q.setHidden(tx, comment.id, { reason: parsed.data.reason, by: access.user!.id, at }))) return false;
    await writeAudit(tx, { coalitionId: access.coalition.id, actorId: access.user!.id, action: "consultation.comment_hidden", reason: parsed.data.reason, detail: { consultationId: c.id, commentId: comment.id, paragraph: comment.paragraph_from, reason: parsed.data.reason }, at });
    return true;
  });
  if (!changed) return failed(form, refusal(409, t("consultation.error.alreadyHidden")));
  return { ok: true, id: comment.id };
}

/** Closes the consultation now (a coordinator); its disposition table is published from then on. */
export async function closeConsultation(access: CoalitionAccess, c: Consultation): Promise<{ ok: true } | Refusal> {
  const decision = decideFor(access, "consultation:manage");
  if (!decision.ok) return decision;
  const at = now();
  const changed = await getDb().transaction().execute(async (tx) => {
    if (!(await q.markConsultationClosed(tx, c.id, at, access.user!.id))) return false;
    await writeAudit(tx, { coalitionId: access.coalition.id, actorId: access.user!.id, action: "consultation.closed", detail: { consultationId: c.id, number: c.version_number, title: c.document_title }, at });
    return true;
  });
  return changed ? { ok: true } : refusal(409, t("consultation.error.alreadyClosed"));
}

/**
 * What a version's page says about consultations: the one held on it (if any), and the one on an
 * earlier version that this version answers (the consultation on the version just before it,
 * closed or not: the newer version is the coalition's answer to it).
 */
export async function versionConsultationLinks(access: CoalitionAccess, version: { id: string; documentId: string; number: number }, numbers: number[]) {
  if (!decideFor(access, "consultation:read").ok) return { here: null, answers: null, canOpen: false };
  const list = await q.listConsultationsOfDocument(getDb(), version.documentId);
  const hereRow = list.find((c) => Number(c.version_number) === version.number);
  const previous = numbers.filter((n) => n < version.number).sort((a, b) => b - a)[0];
  const answered = previous === undefined ? undefined : list.find((c) => Number(c.version_number) === previous);
  return {
    here: hereRow ? { id: hereRow.id, closed: consultationClosed(hereRow), closesAt: hereRow.closes_at } : null,
    answers: answered ? { id: answered.id, number: Number(answered.version_number) } : null,
    canOpen: !hereRow && decideFor(access, "consultation:manage").ok,
  };
}
