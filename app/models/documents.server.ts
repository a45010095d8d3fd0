import { getDb } from "../../db/client";
import { findDocumentInCoalition, insertDocument, listDocuments, setDocumentArchived, updateDocumentTitle, type DocumentListRow } from "../../db/queries/documents";
import { newId, now } from "../../db/ids";
import { notFound } from "../lib/http.server";
import { t } from "../lib/i18n/messages";
import type { Refusal } from "../lib/policy";
import { decideFor, requireAllowed, type CoalitionAccess } from "./access.server";
import { collabHook } from "./collab-hook.server";
import { loadYDoc } from "./document-state.server";
import { outlineOf, renderDoc, wordCount } from "./document-render.server";
import { emitDomainEvent } from "./events.server";

/** Someone connected to a document right now (from the collaboration server's awareness records). */
export interface PresentPerson {
  userId: string | null;
  name: string;
  color: string | null;
}

export interface DocumentSummary {
  id: string;
  title: string;
  createdAt: string;
  createdBy: string | null;
  lastEditedAt: string;
  lastEditedBy: string | null;
  archivedAt: string | null;
  present: PresentPerson[];
}

/**
 * Who is in a document now, from the collaboration server of this process (its records of each
 * connection's user). Without a running collaboration server nobody is shown, which is the honest
 * answer when we cannot know; a failure there never breaks the list.
 */
export function presenceOf(documentId: string): PresentPerson[] {
  const hook = collabHook();
  if (!hook || typeof hook.presence !== "function") return [];
  try {
    const seen = new Set<string>();
    const out: PresentPerson[] = [];
    for (const p of hook.presence(documentId) as Array<Partial<{ userId: string; name: string; color: string }>>) {
      if (typeof p?.name !== "string" || !p.name) continue;
      const userId = typeof p.userId === "string" ? p.userId : null;
      const key = userId ?? p.name;
      if (seen.has(key)) continue; // one avatar per person, however many tabs
      seen.add(key);
      out.push({ userId, name: p.name, color: typeof p.color === "string" ? p.color : null });
    }
    return out;
  } catch {
    return [];
  }
}

function summarize(row: DocumentListRow): DocumentSummary {
  return {
    id: row.id,
    title: row.title,
    createdAt: row.created_at,
    createdBy: row.created_by_name,
    lastEditedAt: row.last_edited_at ?? row.created_at,
    lastEditedBy: row.last_edited_by_name ?? row.created_by_name,
    archivedAt: row.archived_at,
    present: row.archived_at ? [] : presenceOf(row.id),
  };
}

/** The coalition's documents (most recently edited first) and, separately, the archived ones. */
export async function listCoalitionDocuments(coalitionId: string): Promise<{ active: DocumentSummary[]; archived: DocumentSummary[] }> {
  const [active, archived] = await Promise.all([
    listDocuments(getDb(), coalitionId, { archived: false }),
    listDocuments(getDb(), coalitionId, { archived: true }),
  ]);
  const byEdit = (a: DocumentSummary, b: DocumentSummary) => b.lastEditedAt.localeCompare(a.lastEditedAt);
  return { active: active.map(summarize).sort(byEdit), archived: archived.map(summarize).sort(byEdit) };
}

/** A document of the coalition, or 404 (ids of other coalitions' documents reveal nothing). */
export async function requireDocument(coalitionId: string, documentId: string | undefined): Promise<DocumentListRow> {
  const row = documentId ? await findDocumentInCoalition(getDb(), coalitionId, documentId) : undefined;
  if (!row) throw notFound(t("documents.error.noSuchDocument"));
  return row;
}

/** Creates a document in the viewer's coalition (`document:create`, else the refusal is thrown). */
export async function createDocument(access: CoalitionAccess, title: string): Promise<string> {
  requireAllowed(access, "document:create");
  const coalitionId = access.coalition.id;
  const userId = access.user!.id;
  const id = newId();
  const at = now();
  await insertDocument(getDb(), {
    id,
    coalition_id: coalitionId,
    title,
    created_by: userId,
    created_at: at,
    updated_at: at,
    last_edited_by: userId,
    last_edited_at: at,
    archived_at: null,
    plain_text: "",
  });
  emitDomainEvent({ type: "document.changed", documentId: id, coalitionId });
  return id;
}

/** Renames a document; refused (not thrown) while it is archived, so the form can say so. */
export async function renameDocument(access: CoalitionAccess, doc: DocumentListRow, title: string): Promise<{ ok: true } | Refusal> {
  const decision = decideFor(access, "document:edit", { document: { archived: Boolean(doc.archived_at) } });
  if (!decision.ok) return decision;
  await updateDocumentTitle(getDb(), doc.id, title, now());
  emitDomainEvent({ type: "document.changed", documentId: doc.id, coalitionId: doc.coalition_id });
  return { ok: true };
}

/** Archives or restores; the collaboration server hears `document.changed` and closes sockets of an archived document. */
export async function setArchived(access: CoalitionAccess, doc: DocumentListRow, archived: boolean): Promise<void> {
  requireAllowed(access, "document:archive");
  await setDocumentArchived(getDb(), doc.id, archived ? now() : null);
  emitDomainEvent({ type: "document.changed", documentId: doc.id, coalitionId: doc.coalition_id });
}

/** What the editor page renders before JavaScript runs: the current content as HTML, its outline and size. */
export async function documentReading(documentId: string) {
  const ydoc = await loadYDoc(documentId);
  try {
    const { html, plainText, node } = renderDoc(ydoc);
    return { html, outline: outlineOf(node), words: wordCount(plainText) };
  } finally {
    ydoc.destroy();
  }
}
