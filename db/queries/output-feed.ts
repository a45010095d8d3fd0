import type { Executor } from "./users";

/** Published versions of public coalitions (or of one coalition), newest first, for the output feeds. */
export function listPublicOutputs(db: Executor, opts: { coalitionId?: string; limit: number }) {
  let q = db
    .selectFrom("document_versions")
    .innerJoin("documents", "documents.id", "document_versions.document_id")
    .innerJoin("coalitions", "coalitions.id", "document_versions.coalition_id")
    .leftJoin("users", "users.id", "document_versions.published_by")
    .select([
      "document_versions.id",
      "document_versions.number",
      "document_versions.label",
      "document_versions.note",
      "document_versions.html",
      "document_versions.published_at",
      "document_versions.withdrawn_at",
      "document_versions.withdrawn_reason",
      "documents.title as document_title",
      "coalitions.slug as coalition_slug",
      "coalitions.name as coalition_name",
      "users.name as published_by_name",
    ])
    .where("coalitions.visibility", "=", "public");
  if (opts.coalitionId) q = q.where("coalitions.id", "=", opts.coalitionId);
  return q.orderBy("document_versions.published_at", "desc").orderBy("document_versions.id").limit(opts.limit).execute();
}
