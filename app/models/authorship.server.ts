import * as Y from "yjs";
import { charactersByClient } from "../../common/ydoc/authorship";
import { getDb } from "../../db/client";
import { listAuthorProfiles, listDocumentAuthors } from "../../db/queries/document-authors";
import type { ContributionShare, ContributionSummary, DraftAuthor, GroupShare } from "../lib/contributions";
import { t } from "../lib/i18n/messages";
import { STAKEHOLDER_GROUPS, stakeholderLabel } from "../lib/stakeholders";

export type { ContributionSummary } from "../lib/contributions";

/**
 * Who wrote how much of a document state (a published version's, or the draft's): characters of
 * the visible text per person, and per stakeholder group (the person's profile now). Text typed
 * before authorship was recorded, or by a server-side edit made for nobody, is "unknown"; text of
 * a deleted account is "former member". Names of the two are filled in by the page.
 */
export async function contributionSummary(documentId: string, state: Uint8Array): Promise<ContributionSummary> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const byClient = charactersByClient(doc);
  doc.destroy();
  const authors = await listDocumentAuthors(getDb(), documentId);
  const byKey = new Map<string, number>();
  for (const [client, chars] of byClient) {
    const owner = authors.get(client);
    const key = owner === undefined ? "unknown" : owner === null ? "former" : owner;
    byKey.set(key, (byKey.get(key) ?? 0) + chars);
  }
  const total = [...byKey.values()].reduce((a, b) => a + b, 0);
  const userIds = [...byKey.keys()].filter((k) => k !== "unknown" && k !== "former");
  const profiles = new Map((await listAuthorProfiles(getDb(), userIds)).map((p) => [p.id, p]));
  const share = (n: number) => (total ? n / total : 0);
  const people: ContributionShare[] = [...byKey].map(([key, characters]) => {
    const p = profiles.get(key);
    if (p) return { key, kind: "person", name: p.name, handle: p.handle, characters, share: share(characters) };
    return { key, kind: key === "unknown" ? "unknown" : "former", name: "", handle: null, characters, share: share(characters) };
  });
  people.sort((a, b) => b.characters - a.characters || a.name.localeCompare(b.name));
  const groupChars = new Map<string, number>();
  for (const p of people) {
    const group = p.kind === "person" ? (profiles.get(p.key)?.stakeholder_group ?? "unknown") : "unknown";
    groupChars.set(group, (groupChars.get(group) ?? 0) + p.characters);
  }
  const groups: GroupShare[] = [...STAKEHOLDER_GROUPS.map((g) => g.id), "unknown"]
    .filter((id) => groupChars.has(id))
    .map((id) => ({ id, label: stakeholderLabel(id === "unknown" ? null : id), characters: groupChars.get(id) ?? 0, share: share(groupChars.get(id) ?? 0) }));
  return { total, people, groups };
}

/**
 * Who typed in a draft, each person with their Yjs client ids, for the editor's authorship colours
 * (the caller has checked `document:read` on the document). A deleted account is one "former member".
 */
export async function draftAuthors(documentId: string): Promise<DraftAuthor[]> {
  const authors = await listDocumentAuthors(getDb(), documentId);
  const byUser = new Map<string, number[]>();
  for (const [client, user] of authors) {
    const key = user ?? "former";
    byUser.set(key, [...(byUser.get(key) ?? []), client]);
  }
  const profiles = new Map((await listAuthorProfiles(getDb(), [...byUser.keys()].filter((k) => k !== "former"))).map((p) => [p.id, p]));
  const out: DraftAuthor[] = [];
  for (const [key, clientIds] of byUser) {
    const p = profiles.get(key);
    const group = p?.stakeholder_group ?? "unknown";
    const groupLabel = stakeholderLabel(p?.stakeholder_group ?? null);
    if (p) out.push({ key, kind: "person", name: p.name, handle: p.handle, group, groupLabel, clientIds });
    else out.push({ key: "former", kind: "former", name: t("authorship.former"), handle: null, group, groupLabel, clientIds });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
