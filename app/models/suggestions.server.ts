import { getDb } from "../../db/client";
import { now } from "../../db/ids";
import { findMembership } from "../../db/queries/memberships";
import type { DocumentListRow } from "../../db/queries/documents";
import { t } from "../lib/i18n/messages";
import { refusal, type Refusal } from "../lib/policy";
import { listSuggestions, type Suggestion } from "../lib/suggestions/decide";
import { decideFor, type CoalitionAccess } from "./access.server";
import { writeAudit } from "./audit.server";
import { yDocToNodeWithSuggestions } from "./document-render.server";
import { loadYDoc } from "./document-state.server";

/**
 * Decisions on suggestions (issue 23; docs/decisions/0027). The decision itself is an edit the
 * editor makes through Yjs like any other; before making it, the editor asks here, so that only
 * people who may edit the document decide (the policy's `document:edit`) and each decision is in
 * the audit log. What is recorded (author, kind, text) is read from the draft as the server holds
 * it, never taken from the request.
 */

/** At most this many suggestions per request ("accept all" on a long draft sends them all). */
export const DECISION_MAX = 1000;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export type SuggestionDecisionResult = { ok: true; decided: string[] } | Refusal;

/** The draft's pending suggestions, as the server holds them now. */
export async function pendingSuggestions(documentId: string): Promise<Suggestion[]> {
  const ydoc = await loadYDoc(documentId);
  try {
    return listSuggestions(yDocToNodeWithSuggestions(ydoc));
  } finally {
    ydoc.destroy();
  }
}

/** How many suggestions are pending (the publish confirmation says so). */
export async function pendingSuggestionCount(documentId: string): Promise<number> {
  return (await pendingSuggestions(documentId)).length;
}

/** Records that the viewer accepts (or rejects) these suggestions: one audit row each. */
export async function recordSuggestionDecision(access: CoalitionAccess, doc: DocumentListRow, input: { decision: string; ids: string[] }): Promise<SuggestionDecisionResult> {
  const allowed = decideFor(access, "document:edit", { document: { archived: Boolean(doc.archived_at) } });
  if (!allowed.ok) return allowed;
  if ((input.decision !== "accept" && input.decision !== "reject") || !input.ids.length || input.ids.length > DECISION_MAX || !input.ids.every((id) => ID.test(id))) {
    return refusal(400, t("suggestions.error.invalid"));
  }
  const wanted = new Set(input.ids);
  const found = (await pendingSuggestions(doc.id)).filter((s) => wanted.has(s.id));
  if (!found.length) return refusal(409, t("suggestions.error.gone"));
  const db = getDb();
  // The author is named in the row as the subject when they are still in the coalition.
  const members = new Set<string>();
  for (const authorId of new Set(found.map((s) => s.authorId))) {
    if (authorId && (await findMembership(db, access.coalition.id, authorId))) members.add(authorId);
  }
  const at = now();
  await db.transaction().execute(async (tx) => {
    for (const s of found) {
      await writeAudit(tx, {
        coalitionId: access.coalition.id,
        actorId: access.user!.id,
        subjectUserId: members.has(s.authorId) ? s.authorId : null,
        action: input.decision === "accept" ? "suggestion.accepted" : "suggestion.rejected",
        detail: { documentId: doc.id, title: doc.title, suggestionId: s.id, kind: s.kind, author: s.authorName, text: s.text.slice(0, 120), suggestedAt: s.time },
        at,
      });
    }
  });
  return { ok: true, decided: found.map((s) => s.id) };
}
