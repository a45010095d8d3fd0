import type { Executor } from "./users";

// Translations of published outputs (migration 0021).

export interface TranslationRow {
  document_id: string;
  coalition_id: string;
  source_document_id: string;
  source_version_id: string;
  language: string;
  created_at: string;
}

/** The translation record of a document, or undefined when it is not a translation. */
export function findTranslation(db: Executor, documentId: string): Promise<TranslationRow | undefined> {
  return db
    .selectFrom("document_translations")
    .select(["document_id", "coalition_id", "source_document_id", "source_version_id", "language", "created_at"])
    .where("document_id", "=", documentId)
    .executeTakeFirst();
}

/** Every translation started of a source document, with the translation document's title and state. */
export function listTranslationsOf(db: Executor, sourceDocumentId: string) {
  return db
    .selectFrom("document_translations as t")
    .innerJoin("documents as d", "d.id", "t.document_id")
    .select(["t.document_id", "t.source_version_id", "t.language", "d.title", "d.archived_at"])
    .where("t.source_document_id", "=", sourceDocumentId)
    .orderBy("t.created_at")
    .execute();
}

export async function insertTranslation(db: Executor, row: TranslationRow & { created_by: string | null }): Promise<void> {
  await db.insertInto("document_translations").values(row).execute();
}

/** The translation now follows another (newer) version of its source: its next published version translates that one. */
export async function setTranslationSource(db: Executor, documentId: string, sourceVersionId: string): Promise<void> {
  await db.updateTable("document_translations").set({ source_version_id: sourceVersionId }).where("document_id", "=", documentId).execute();
}

/** Records, for a version just published, the source version it translates (nothing when its document is no translation). */
export async function recordTranslationVersion(db: Executor, documentId: string, versionId: string): Promise<void> {
  const t = await findTranslation(db, documentId);
  if (!t) return;
  await db.insertInto("translation_versions").values({ version_id: versionId, source_version_id: t.source_version_id, language: t.language }).execute();
}

/** The source version one published translation version translates, or undefined. */
export function findTranslationVersion(db: Executor, versionId: string) {
  return db.selectFrom("translation_versions").select(["version_id", "source_version_id", "language"]).where("version_id", "=", versionId).executeTakeFirst();
}

/** Every published version of the translations of a source document, with what each translates. */
export function listPublishedTranslations(db: Executor, sourceDocumentId: string) {
  return db
    .selectFrom("translation_versions as tv")
    .innerJoin("document_versions as v", "v.id", "tv.version_id")
    .innerJoin("document_translations as t", "t.document_id", "v.document_id")
    .innerJoin("documents as d", "d.id", "v.document_id")
    .select(["tv.version_id", "tv.source_version_id", "tv.language", "v.number", "v.label", "v.withdrawn_at", "v.document_id", "d.title"])
    .where("t.source_document_id", "=", sourceDocumentId)
    .execute();
}

/** The language a coalition adopted an output in (undefined: never said, i.e. English). */
export async function findOutputLanguage(db: Executor, documentId: string): Promise<string | undefined> {
  const row = await db.selectFrom("output_languages").select("language").where("document_id", "=", documentId).executeTakeFirst();
  return row?.language;
}

export async function setOutputLanguage(db: Executor, documentId: string, language: string, by: string, at: string): Promise<void> {
  await db
    .insertInto("output_languages")
    .values({ document_id: documentId, language, set_by: by, set_at: at })
    .onConflict((oc) => oc.column("document_id").doUpdateSet({ language, set_by: by, set_at: at }))
    .execute();
}

/** Each published translation version of a coalition: its language and the source version it translates. */
export function listCoalitionTranslationVersions(db: Executor, coalitionId: string) {
  return db
    .selectFrom("translation_versions as tv")
    .innerJoin("document_versions as v", "v.id", "tv.version_id")
    .select(["tv.version_id", "tv.language", "tv.source_version_id"])
    .where("v.coalition_id", "=", coalitionId)
    .execute();
}
