import * as Y from "yjs";
import { getDb } from "../../db/client";
import { touchDocumentEdited } from "../../db/queries/document-state";
import { findVersion, insertVersion, markVersionWithdrawn, listCoalitionVersions, listDocumentVersions, nextVersionNumber, type VersionListRow } from "../../db/queries/document-versions";
import { setDocumentPlainText, type DocumentListRow } from "../../db/queries/documents";
import { newId, now } from "../../db/ids";
import { findCheckpoint, insertCheckpoint, markCheckpointUndone } from "../../db/queries/document-checkpoints";
import type { PublishVersionInput } from "../lib/document-schemas";
import { notFound } from "../lib/http.server";
import { dateTimeFormat } from "../lib/i18n/format";
import { currentLocale, t } from "../lib/i18n/messages";
import { alreadyWithdrawnMessage, refusal, type Refusal } from "../lib/policy";
import { decideFor, type CoalitionAccess } from "./access.server";
import type { JSONContent } from "@tiptap/core";
import { compareBlocks } from "../lib/block-diff";
import { collabHook } from "./collab-hook.server";
import { applyServerUpdate, loadYDoc } from "./document-state.server";
import { renderDoc, updateToContentOf, yDocFromState, yDocToNode } from "./document-render.server";
import { emitDomainEvent } from "./events.server";
import { writeAudit } from "./audit.server";
import { enqueue } from "../../db/queries/jobs";
import { recordTranslationVersion } from "../../db/queries/translations";

export interface VersionSummary {
  id: string;
  documentId: string;
  documentTitle: string;
  number: number;
  label: string;
  note: string | null;
  publishedAt: string;
  publishedBy: string | null;
  /** Set when a coordinator withdrew the version (it stays readable, marked). */
  withdrawn: { at: string; reason: string; by: string | null } | null;
}

function summarize(row: VersionListRow): VersionSummary {
  return {
    id: row.id,
    documentId: row.document_id,
    documentTitle: row.document_title,
    number: Number(row.number),
    label: row.label,
    note: row.note,
    publishedAt: row.published_at,
    publishedBy: row.published_by_name,
    withdrawn: row.withdrawn_at ? { at: row.withdrawn_at, reason: row.withdrawn_reason ?? "", by: row.withdrawn_by_name } : null,
  };
}

/** A coalition's published versions, newest first; `latest` marks each document's highest-numbered one. */
export async function listOutputs(coalitionId: string): Promise<(VersionSummary & { latest: boolean })[]> {
  const rows = (await listCoalitionVersions(getDb(), coalitionId)).map(summarize);
  const highest = new Map<string, number>();
  for (const v of rows) highest.set(v.documentId, Math.max(highest.get(v.documentId) ?? 0, v.number));
  return rows.map((v) => ({ ...v, latest: highest.get(v.documentId) === v.number }));
}

export async function listVersionsOf(documentId: string): Promise<VersionSummary[]> {
  return (await listDocumentVersions(getDb(), documentId)).map(summarize);
}

/** A published version of the coalition with its content, or 404. */
export async function requireVersion(coalitionId: string, versionId: string | undefined) {
  const row = versionId && /^[a-z0-9]{1,64}$/.test(versionId) ? await findVersion(getDb(), coalitionId, versionId) : undefined;
  if (!row) throw notFound(t("versions.error.noSuchVersion"));
  return { ...summarize(row), html: row.html, plainText: row.plain_text, state: new Uint8Array(row.state.buffer, row.state.byteOffset, row.state.byteLength) };
}
export type VersionWithContent = Awaited<ReturnType<typeof requireVersion>>;

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}

/**
 * Publishes the document's current state as the next numbered version: rendered HTML, Yjs state
 * and plain text, immutable from then on. The number is max + 1 inside the inserting transaction;
 * two publications racing for the same number (possible on PostgreSQL) meet the unique
 * (document_id, number) constraint and the loser retries with the next number.
 */
export async function publishVersion(access: CoalitionAccess, doc: DocumentListRow, input: PublishVersionInput): Promise<{ ok: true; id: string; number: number } | Refusal> {
  const decision = decideFor(access, "version:publish", { document: { archived: Boolean(doc.archived_at) } });
  if (!decision.ok) return decision;
  const userId = access.user!.id;
  const ydoc = await loadYDoc(doc.id);
  const { html, plainText } = renderDoc(ydoc);
  const state = Y.encodeStateAsUpdate(ydoc);
  ydoc.destroy();
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await getDb()
        .transaction()
        .execute(async (tx) => {
          const number = await nextVersionNumber(tx, doc.id);
          const id = newId();
          await insertVersion(tx, {
            id,
            document_id: doc.id,
            coalition_id: doc.coalition_id,
            number,
            label: input.label,
            note: input.note,
            html,
            state,
            plain_text: plainText,
            published_by: userId,
            published_at: now(),
          });
          await setDocumentPlainText(tx, doc.id, plainText);
          // A translation's version translates the source version the translation follows (issue 21).
          await recordTranslationVersion(tx, doc.id, id);
          // Mail to those who want the coalition's news at once (issue 22), queued with the version.
          await enqueue(tx, "mail:output-published", { versionId: id });
          // Endorsers of the previous version are asked to re-confirm on this one (issue 24).
          if (number > 1) await enqueue(tx, "endorsements:reconfirm", { versionId: id });
          return { id, number };
        });
      emitDomainEvent({ type: "document.changed", documentId: doc.id, coalitionId: doc.coalition_id });
      return { ok: true, ...result };
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 8) throw error;
    }
  }
}

/** The number the document's next published version will get (for the confirmation's sentence). */
export async function nextNumberOf(documentId: string): Promise<number> {
  return nextVersionNumber(getDb(), documentId);
}

/** What publishing will do, in words, for the confirmation step. */
export function publishSentence(input: { number: number; label: string; documentTitle: string; publicCoalition: boolean }): string {
  const values = { title: input.documentTitle, number: input.number, label: input.label };
  return input.publicCoalition ? t("versions.publish.sentencePublic", values) : t("versions.publish.sentenceMembers", values);
}

/** What restoring will do, in words, for the confirmation step. */
export function restoreSentence(input: { number: number; label: string; documentTitle: string }): string {
  return t("versions.restore.sentence", { title: input.documentTitle, number: input.number, label: input.label });
}

/**
 * Withdraws a published version with a reason: nothing is deleted, the permalink keeps answering
 * and says when and why, lists and exports mark it. Coordinators only; audited.
 */
export async function withdrawVersion(access: CoalitionAccess, version: VersionSummary, reason: string): Promise<{ ok: true } | Refusal> {
  const decision = decideFor(access, "version:withdraw", { version: { withdrawn: Boolean(version.withdrawn) } });
  if (!decision.ok) return decision;
  const at = now();
  const changed = await getDb()
    .transaction()
    .execute(async (tx) => {
      if (!(await markVersionWithdrawn(tx, version.id, { at, by: access.user!.id, reason }))) return false;
      await writeAudit(tx, {
        coalitionId: access.coalition.id,
        actorId: access.user!.id,
        action: "version.withdrawn",
        reason,
        detail: { versionId: version.id, number: version.number, title: version.documentTitle, label: version.label, reason },
        at,
      });
      return true;
    });
  if (!changed) return refusal(409, alreadyWithdrawnMessage());
  return { ok: true };
}

/** "7 December 2026" (UTC) in the current language. */
export function longDate(iso: string): string {
  const locale = currentLocale();
  return dateTimeFormat({ day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }, locale).format(new Date(iso));
}

/** "Withdrawn on 7 December 2026: reason", the line a withdrawn version's page and exports carry (current language). */
export function withdrawnNotice(withdrawn: NonNullable<VersionSummary["withdrawn"]>): string {
  return t("versions.withdrawnNotice", { date: longDate(withdrawn.at), reason: withdrawn.reason });
}

/** The content (ProseMirror JSON) of "draft" (the document's current state) or of one of its versions. */
export async function contentOf(doc: DocumentListRow, side: "draft" | VersionWithContent): Promise<JSONContent> {
  const ydoc = side === "draft" ? await loadYDoc(doc.id) : yDocFromState(side.state);
  try {
    return yDocToNode(ydoc).toJSON() as JSONContent;
  } finally {
    ydoc.destroy();
  }
}

/** A block-by-block comparison between two sides (older first): headings, list items and table cells stay what they are. */
export async function compareSides(doc: DocumentListRow, older: "draft" | VersionWithContent, newer: "draft" | VersionWithContent) {
  const [a, b] = await Promise.all([contentOf(doc, older), contentOf(doc, newer)]);
  return compareBlocks(a, b);
}

/**
 * Restores a version into the draft as a new edit: computes the update that turns the current
 * content into the version's and applies it through the live collaboration server (connected
 * editors see it at once, and anyone's undo history stays theirs). The draft as it read just
 * before is kept as an automatic checkpoint (never published) that `undoRestore` brings back.
 * Returns whether anything changed, and the checkpoint's id when it did.
 */
export async function restoreVersion(access: CoalitionAccess, doc: DocumentListRow, version: VersionWithContent): Promise<{ ok: true; changed: boolean; checkpointId: string | null } | Refusal> {
  const decision = decideFor(access, "version:restore", { document: { archived: Boolean(doc.archived_at) } });
  if (!decision.ok) return decision;
  const source = yDocFromState(version.state);
  try {
    const result = await replaceDraft(access.user!.id, doc, yDocToNode(source), { versionId: version.id });
    // Committed and relayed by now: open editors are told who restored what.
    if (result.changed) collabHook()?.announce(doc.id, { type: "restored", by: { id: access.user!.id, name: access.user!.name }, version: version.number });
    return result;
  } finally {
    source.destroy();
  }
}

/**
 * Turns the draft into `target` as one more edit (see restoreVersion); with `keep`, the draft as it
 * read just before is kept as a checkpoint that `undoRestore` brings back (`versionId`: the version
 * restored, null for another state such as a timeline point). Permission checks are the caller's.
 */
export async function replaceDraft(userId: string, doc: DocumentListRow, target: ReturnType<typeof yDocToNode>, keep: { versionId: string | null } | null): Promise<{ ok: true; changed: boolean; checkpointId: string | null }> {
  const current = await loadYDoc(doc.id);
  try {
    const before = renderDoc(current).html;
    const checkpoint = keep ? Y.encodeStateAsUpdate(current) : null;
    const update = updateToContentOf(current, target);
    if (renderDoc(current).html === before) return { ok: true, changed: false, checkpointId: null };
    let checkpointId: string | null = null;
    if (checkpoint) {
      checkpointId = newId();
      await insertCheckpoint(getDb(), { id: checkpointId, document_id: doc.id, version_id: keep!.versionId, state: checkpoint, created_by: userId, created_at: now() });
    }
    await applyServerUpdate(doc.id, update, userId);
    await touchDocumentEdited(getDb(), doc.id, { at: now(), by: userId, plainText: renderDoc(current).plainText });
    emitDomainEvent({ type: "document.changed", documentId: doc.id, coalitionId: doc.coalition_id });
    return { ok: true, changed: true, checkpointId };
  } finally {
    current.destroy();
  }
}

/**
 * Undoes a restore: the draft reads again as it did just before (the restore's checkpoint), as
 * one more edit that open editors receive. A checkpoint is used once.
 */
export async function undoRestore(access: CoalitionAccess, doc: DocumentListRow, checkpointId: string): Promise<{ ok: true; changed: boolean } | Refusal> {
  const decision = decideFor(access, "version:restore", { document: { archived: Boolean(doc.archived_at) } });
  if (!decision.ok) return decision;
  const row = /^[a-z0-9]{1,64}$/.test(checkpointId) ? await findCheckpoint(getDb(), doc.id, checkpointId) : undefined;
  if (!row) return refusal(404, t("versions.restore.noSuchRestore"));
  if (row.undone_at || !(await markCheckpointUndone(getDb(), row.id, now()))) return refusal(409, t("versions.restore.alreadyUndone"));
  const source = yDocFromState(new Uint8Array(row.state.buffer, row.state.byteOffset, row.state.byteLength));
  try {
    const done = await replaceDraft(access.user!.id, doc, yDocToNode(source), null);
    return { ok: true, changed: done.changed };
  } finally {
    source.destroy();
  }
}
