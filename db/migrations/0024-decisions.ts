import type { Kysely } from "kysely";

// Issue 24: decisions on a published version. A decision (consent, consensus with block, silence
// procedure, poll) is bound to exactly one document version; each person has at most one stance per
// decision (the primary key), changed in place until the decision closes. Closing a consent,
// consensus or silence decision freezes its non-agreeing stances into `decision_annex_entries`
// (the dissent annex published with the version): rows written once, at the close, never updated.
// Frozen once landed: add a new migration instead of editing.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("decisions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("coalition_id", "text", (c) => c.notNull().references("coalitions.id").onDelete("cascade"))
    .addColumn("version_id", "text", (c) => c.notNull().references("document_versions.id").onDelete("cascade"))
    .addColumn("document_id", "text", (c) => c.notNull().references("documents.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull()) // consent | consensus | silence | poll
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("options", "text") // poll: JSON array of the options' texts
    .addColumn("multiple", "integer", (c) => c.notNull().defaultTo(0)) // poll: several choices allowed
    .addColumn("observers", "integer", (c) => c.notNull().defaultTo(0)) // observers may take part too
    .addColumn("visible", "integer", (c) => c.notNull().defaultTo(1)) // stances shown before the close
    .addColumn("anonymous", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("on_objection", "text", (c) => c.notNull().defaultTo("end")) // silence: end | restart
    .addColumn("deadline_at", "text", (c) => c.notNull())
    .addColumn("opened_by", "text", (c) => c.references("users.id"))
    .addColumn("opened_at", "text", (c) => c.notNull())
    .addColumn("closed_at", "text")
    .addColumn("closed_by", "text", (c) => c.references("users.id")) // null: closed at the deadline
    .addColumn("close_reason", "text")
    .addColumn("outcome", "text") // adopted | not_adopted | poll | restarted
    .addColumn("outcome_detail", "text") // JSON: counts by stance or option at the close
    .addColumn("restarted_from", "text")
    .addColumn("restarted_as", "text")
    .execute();
  await db.schema.createIndex("decisions_version_idx").on("decisions").columns(["version_id"]).execute();
  await db.schema.createIndex("decisions_coalition_idx").on("decisions").columns(["coalition_id", "opened_at"]).execute();
  await db.schema
    .createTable("decision_stances")
    .addColumn("decision_id", "text", (c) => c.notNull().references("decisions.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("stance", "text", (c) => c.notNull()) // agree | abstain | object | stand_aside | block | vote (poll)
    .addColumn("choices", "text") // poll: JSON array of option indexes
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("reason_html", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("decision_stances_pk", ["decision_id", "user_id"]) // one stance per person per decision
    .execute();
  await db.schema
    .createTable("decision_annex_entries")
    .addColumn("decision_id", "text", (c) => c.notNull().references("decisions.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("version_id", "text", (c) => c.notNull().references("document_versions.id").onDelete("cascade"))
    .addColumn("stance", "text", (c) => c.notNull())
    .addColumn("reason_html", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("author_name", "text") // null: anonymous
    .addColumn("stakeholder_group", "text")
    .addColumn("region", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("decision_annex_entries_pk", ["decision_id", "position"])
    .execute();
  await db.schema.createIndex("decision_annex_version_idx").on("decision_annex_entries").columns(["version_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("decision_annex_entries").execute();
  await db.schema.dropTable("decision_stances").execute();
  await db.schema.dropTable("decisions").execute();
}
