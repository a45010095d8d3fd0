import * as Y from "yjs";
import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";
import { appendUpdates } from "../../db/queries/document-state";
import { insertDocument } from "../../db/queries/documents";
import {
  findOutputLanguage,
  findTranslation,
  findTranslationVersion,
  insertTranslation,
  listCoalitionTranslationVersions,
  listPublishedTranslations,
  listTranslationsOf,
  setOutputLanguage,
  setTranslationSource,
} from "../../db/queries/translations";
import { DEFAULT_LOCALE, isLocale, LOCALE_NAMES, LOCALES, type Locale } from "../../common/locales";
import { t } from "../lib/i18n/messages";
import { formatList } from "../lib/i18n/format";
import { refusal, type Refusal } from "../lib/policy";
import { decideFor, type CoalitionAccess } from "./access.server";
import { writeAudit } from "./audit.server";
import { renderDoc, updateToContentOf, yDocFromState, yDocToNode } from "./document-render.server";
import { emitDomainEvent } from "./events.server";
import { listVersionsOf, type VersionSummary, type VersionWithContent } from "./versions.server";

/**
 * Outputs in every language (issue 21). A member starts a translation of a published version into
 * one of the six languages: an ordinary co-edited document, seeded with the version's text and
 * linked to it. Each version published of the translation records the source version it
 * translates; once the source publishes a newer version, the translation reads "out of date"
 * (with the changes of the source since) until a translation of the newer version is published.
 * The output page lists every language of a version and states the one the coalition adopted it in.
 */

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}

/** The language name in the reader's language ("French", "Français", "法语"…), for sentences. */
export function languageName(locale: Locale): string {
  return t(`translations.language.${locale}`);
}

/** The language a coalition adopted a document's outputs in (English unless a coordinator said otherwise). */
export async function adoptedLanguageOf(documentId: string): Promise<Locale> {
  const stored = await findOutputLanguage(getDb(), documentId);
  return isLocale(stored) ? stored : DEFAULT_LOCALE;
}

/** The language a document's text is in: a translation's, else the adopted language of its outputs. */
export async function contentLanguageOf(documentId: string): Promise<Locale> {
  return (await translationOf(documentId))?.language ?? (await adoptedLanguageOf(documentId));
}

/** The translation record of a document (what it translates, into which language), or null. */
export async function translationOf(documentId: string) {
  const row = await findTranslation(getDb(), documentId);
  return row && isLocale(row.language) ? { ...row, language: row.language } : null;
}

/** The title a translation document starts with: "Charter (Français)". */
export function translationTitle(title: string, language: Locale): string {
  return `${title} (${LOCALE_NAMES[language]})`;
}

const unknownLanguage = () => refusal(400, t("translations.error.language", { languages: formatList(LOCALES.map((l) => LOCALE_NAMES[l]), "disjunction") }), "language");

/**
 * Starts a translation of a published version into `language`: a new document of the coalition,
 * titled "<title> (<language>)", whose content is the version's, linked to the version. Refused
 * for observers and non-members (`translation:start`), for a withdrawn version, a translation
 * (translate the original), the output's own language and a language already started.
 */
export async function startTranslation(access: CoalitionAccess, version: VersionWithContent, language: string): Promise<{ ok: true; documentId: string } | Refusal> {
  const decision = decideFor(access, "translation:start", { version: { withdrawn: Boolean(version.withdrawn) } });
  if (!decision.ok) return decision;
  if (!isLocale(language)) return unknownLanguage();
  if (await translationOf(version.documentId)) return refusal(400, t("translations.error.ofTranslation"), "language");
  if ((await adoptedLanguageOf(version.documentId)) === language) return refusal(400, t("translations.error.original", { language: languageName(language) }), "language");
  const already = (await listTranslationsOf(getDb(), version.documentId)).find((r) => r.language === language);
  const duplicate = () => refusal(409, t("translations.error.duplicate", { language: languageName(language) }), "language");
  if (already) return duplicate();

  // The seed: the version's content as one fresh edit (none of the source's editing history).
  const source = yDocFromState(version.state);
  const seeded = new Y.Doc();
  let update: Uint8Array;
  let plainText: string;
  try {
    update = updateToContentOf(seeded, yDocToNode(source));
    plainText = renderDoc(seeded).plainText;
  } finally {
    source.destroy();
    seeded.destroy();
  }
  const userId = access.user!.id;
  const coalitionId = access.coalition.id;
  const documentId = newId();
  const at = now();
  const title = translationTitle(version.documentTitle, language);
  try {
    await getDb()
      .transaction()
      .execute(async (tx) => {
        await insertDocument(tx, {
          id: documentId,
          coalition_id: coalitionId,
          title,
          created_by: userId,
          created_at: at,
          updated_at: at,
          last_edited_by: userId,
          last_edited_at: at,
          archived_at: null,
          plain_text: plainText,
        });
        await appendUpdates(tx, [{ documentId, data: update, userId }]);
        await insertTranslation(tx, {
          document_id: documentId,
          coalition_id: coalitionId,
          source_document_id: version.documentId,
          source_version_id: version.id,
          language,
          created_by: userId,
          created_at: at,
        });
        await writeAudit(tx, {
          coalitionId,
          actorId: userId,
          action: "translation.started",
          detail: { documentId, sourceVersionId: version.id, number: version.number, title: version.documentTitle, language },
          at,
        });
      });
  } catch (error) {
    if (isUniqueViolation(error)) return duplicate();
    throw error;
  }
  emitDomainEvent({ type: "document.changed", documentId, coalitionId });
  return { ok: true, documentId };
}

/**
 * The translation of `sourceVersion`'s document into `language` follows `sourceVersion` from now
 * on: its next published version translates it. The translation's text is not touched (the
 * translator brings it up to date with the comparison of the source). Members and coordinators.
 */
export async function followSourceVersion(access: CoalitionAccess, sourceVersion: VersionSummary, language: string): Promise<{ ok: true; documentId: string } | Refusal> {
  const decision = decideFor(access, "translation:start", { version: { withdrawn: Boolean(sourceVersion.withdrawn) } });
  if (!decision.ok) return decision;
  if (!isLocale(language)) return unknownLanguage();
  const row = (await listTranslationsOf(getDb(), sourceVersion.documentId)).find((r) => r.language === language);
  if (!row) return refusal(404, t("translations.error.notStarted", { language: languageName(language) }), "language");
  await setTranslationSource(getDb(), row.document_id, sourceVersion.id);
  return { ok: true, documentId: row.document_id };
}

/** A coordinator says which language the coalition adopted the output in (audited). */
export async function adoptLanguage(access: CoalitionAccess, doc: { id: string; title: string }, language: string): Promise<{ ok: true } | Refusal> {
  const documentId = doc.id;
  const decision = decideFor(access, "translation:adopt-language");
  if (!decision.ok) return decision;
  if (!isLocale(language)) return unknownLanguage();
  if (await translationOf(documentId)) return refusal(400, t("translations.error.ofTranslation"), "language");
  if ((await listTranslationsOf(getDb(), documentId)).some((r) => r.language === language)) {
    return refusal(409, t("translations.error.adoptTaken", { language: languageName(language) }), "language");
  }
  const at = now();
  await getDb()
    .transaction()
    .execute(async (tx) => {
      await setOutputLanguage(tx, documentId, language, access.user!.id, at);
      await writeAudit(tx, { coalitionId: access.coalition.id, actorId: access.user!.id, action: "output.language_adopted", detail: { documentId, title: doc.title, language }, at });
    });
  return { ok: true };
}

export type LanguageStatus = "original" | "current" | "outdated" | "later" | "draft";

/** One language of an output, as its page lists it. */
export interface OutputLanguage {
  language: Locale;
  status: LanguageStatus;
  /** The published version to read in this language (null: a translation started, not yet published). */
  versionId: string | null;
  /** The translation's document (for those who may open drafts). */
  documentId: string;
  /** The source version this language's text translates (its number), for "out of date" and "later". */
  sourceNumber: number;
  /** For "outdated": the source's changes since (compare `from` → `to` on the source document). */
  compare: { from: string; to: string } | null;
  /** The page being read is this language's. */
  here: boolean;
}

export interface OutputLanguages {
  adopted: Locale;
  /** The original's document and the version of it the page is about (the translated one on a translation's page). */
  source: { documentId: string; versionId: string; number: number; title: string; latestId: string; latestNumber: number };
  /** This page's own language and, on a translation's page, whether it is out of date. */
  self: { language: Locale; translation: boolean; outdated: boolean };
  languages: OutputLanguage[];
  /** Languages nobody has started a translation into (what the start form offers). */
  startable: Locale[];
}

/**
 * The languages of the output a version belongs to, seen from that version: the original (in the
 * adopted language) and each translation, current when it translates this very source version,
 * out of date when it translates an older one (with the comparison of the source since), "later"
 * when it only translates a newer one. Unpublished translations are listed as drafts.
 */
export async function outputLanguages(version: VersionSummary): Promise<OutputLanguages> {
  const db = getDb();
  const ownTranslation = await translationOf(version.documentId);
  const sourceDocumentId = ownTranslation?.source_document_id ?? version.documentId;
  const sourceVersions = await listVersionsOf(sourceDocumentId);
  const byId = new Map(sourceVersions.map((v) => [v.id, v]));
  let sourceVersion: VersionSummary | undefined = version;
  if (ownTranslation) {
    const tied = await findTranslationVersion(db, version.id);
    sourceVersion = byId.get(tied?.source_version_id ?? ownTranslation.source_version_id);
  }
  const latest = sourceVersions[0];
  const s = sourceVersion ?? latest ?? version;
  const [adopted, started, published] = await Promise.all([adoptedLanguageOf(sourceDocumentId), listTranslationsOf(db, sourceDocumentId), listPublishedTranslations(db, sourceDocumentId)]);

  const languages: OutputLanguage[] = [
    { language: adopted, status: "original", versionId: s.id, documentId: sourceDocumentId, sourceNumber: s.number, compare: null, here: !ownTranslation },
  ];
  for (const tr of started) {
    if (!isLocale(tr.language) || tr.language === adopted) continue;
    const mine = published
      .filter((p) => p.language === tr.language && !p.withdrawn_at && byId.has(p.source_version_id))
      .map((p) => ({ ...p, sourceNumber: byId.get(p.source_version_id)!.number, number: Number(p.number) }));
    const pick = (list: typeof mine) => list.sort((a, b) => b.sourceNumber - a.sourceNumber || b.number - a.number)[0];
    const current = pick(mine.filter((p) => p.source_version_id === s.id));
    const older = pick(mine.filter((p) => p.sourceNumber < s.number));
    const later = mine.filter((p) => p.sourceNumber > s.number).sort((a, b) => a.sourceNumber - b.sourceNumber || b.number - a.number)[0];
    const here = ownTranslation?.language === tr.language;
    const entry = (p: (typeof mine)[number], status: LanguageStatus): OutputLanguage => ({
      language: tr.language as Locale,
      status,
      versionId: here ? version.id : p.version_id,
      documentId: tr.document_id,
      sourceNumber: p.sourceNumber,
      compare: status === "outdated" ? { from: p.source_version_id, to: s.id } : null,
      here,
    });
    if (here && ownTranslation && latest && s.number < latest.number) {
      // The page read is this language's: out of date as soon as the source has a newer version.
      languages.push({ language: tr.language, status: "outdated", versionId: version.id, documentId: tr.document_id, sourceNumber: s.number, compare: { from: s.id, to: latest.id }, here });
    } else if (current) languages.push(entry(current, "current"));
    else if (older) languages.push(entry(older, "outdated"));
    else if (later) languages.push(entry(later, "later"));
    else languages.push({ language: tr.language, status: "draft", versionId: null, documentId: tr.document_id, sourceNumber: s.number, compare: null, here });
  }
  const taken = new Set(languages.map((l) => l.language));
  return {
    adopted,
    source: {
      documentId: sourceDocumentId,
      versionId: s.id,
      number: s.number,
      title: s.documentTitle,
      latestId: latest?.id ?? s.id,
      latestNumber: latest?.number ?? s.number,
    },
    self: { language: ownTranslation?.language ?? adopted, translation: Boolean(ownTranslation), outdated: Boolean(ownTranslation && latest && s.number < latest.number) },
    languages,
    startable: LOCALES.filter((l) => !taken.has(l)),
  };
}

/**
 * For the outputs list: each published translation version's language, and whether it is out of
 * date (its source document has published a newer version than the one it translates).
 */
export async function translationMarks(coalitionId: string, outputs: readonly VersionSummary[]): Promise<Map<string, { language: Locale; outdated: boolean }>> {
  const rows = await listCoalitionTranslationVersions(getDb(), coalitionId);
  const byId = new Map(outputs.map((o) => [o.id, o]));
  const latest = new Map<string, number>();
  for (const o of outputs) latest.set(o.documentId, Math.max(latest.get(o.documentId) ?? 0, o.number));
  const marks = new Map<string, { language: Locale; outdated: boolean }>();
  for (const r of rows) {
    if (!isLocale(r.language)) continue;
    const source = byId.get(r.source_version_id);
    marks.set(r.version_id, { language: r.language, outdated: Boolean(source && source.number < (latest.get(source.documentId) ?? 0)) });
  }
  return marks;
}
