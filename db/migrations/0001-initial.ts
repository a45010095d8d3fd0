import type { Kysely } from "kysely";
import { autoIncrementPk, binary, serialType } from "./helpers";

// Frozen in time: never edit after it has landed; add a new migration instead.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("organization", "text")
    .addColumn("stakeholder_group", "text")
    .addColumn("region", "text")
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("is_site_admin", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("login_failures")
    .addColumn("id", serialType(db), autoIncrementPk(db))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("login_failures_key_idx").on("login_failures").columns(["key", "created_at"]).execute();

  await db.schema
    .createTable("coalitions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("founders", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("visibility", "text", (c) => c.notNull().defaultTo("public"))
    .addColumn("join_policy", "text", (c) => c.notNull().defaultTo("approval"))
    .addColumn("open_roles", "text", (c) => c.notNull().defaultTo('["member","observer"]'))
    .addColumn("archived_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("memberships")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("coalition_id", "text", (c) => c.notNull().references("coalitions.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("memberships_coalition_user_uq", ["coalition_id", "user_id"])
    .execute();
  await db.schema.createIndex("memberships_user_idx").on("memberships").column("user_id").execute();

  await db.schema
    .createTable("join_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("coalition_id", "text", (c) => c.notNull().references("coalitions.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("statement", "text", (c) => c.notNull())
    .addColumn("stakeholder_group", "text", (c) => c.notNull())
    .addColumn("organization", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("decided_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decided_role", "text")
    .addColumn("decision_reason", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("decided_at", "text")
    .execute();
  await db.schema.createIndex("join_requests_coalition_idx").on("join_requests").columns(["coalition_id", "status"]).execute();

  await db.schema
    .createTable("invitations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("coalition_id", "text", (c) => c.notNull().references("coalitions.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("invited_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("accepted_at", "text")
    .addColumn("accepted_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("revoked_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("invitations_coalition_idx").on("invitations").column("coalition_id").execute();

  await db.schema
    .createTable("audit_events")
    .addColumn("id", serialType(db), autoIncrementPk(db))
    .addColumn("coalition_id", "text", (c) => c.references("coalitions.id").onDelete("cascade"))
    .addColumn("actor_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("subject_user_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("subject_email", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("detail", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_events_coalition_idx").on("audit_events").columns(["coalition_id", "id"]).execute();

  await db.schema
    .createTable("documents")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("coalition_id", "text", (c) => c.notNull().references("coalitions.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("last_edited_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("last_edited_at", "text")
    .addColumn("archived_at", "text")
    .addColumn("plain_text", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema.createIndex("documents_coalition_idx").on("documents").columns(["coalition_id", "updated_at"]).execute();

  await db.schema
    .createTable("document_updates")
    .addColumn("seq", serialType(db), autoIncrementPk(db))
    .addColumn("document_id", "text", (c) => c.notNull().references("documents.id").onDelete("cascade"))
    .addColumn("data", binary(db), (c) => c.notNull())
    .addColumn("user_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("document_updates_doc_idx").on("document_updates").columns(["document_id", "seq"]).execute();

  await db.schema
    .createTable("document_snapshots")
    .addColumn("document_id", "text", (c) => c.primaryKey().references("documents.id").onDelete("cascade"))
    .addColumn("data", binary(db), (c) => c.notNull())
    .addColumn("last_seq", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("document_quarantine")
    .addColumn("id", serialType(db), autoIncrementPk(db))
    .addColumn("document_id", "text", (c) => c.notNull().references("documents.id").onDelete("cascade"))
    .addColumn("source_seq", "bigint")
    .addColumn("data", binary(db), (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("document_versions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("document_id", "text", (c) => c.notNull().references("documents.id").onDelete("cascade"))
    .addColumn("coalition_id", "text", (c) => c.notNull().references("coalitions.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("html", "text", (c) => c.notNull())
    .addColumn("state", binary(db), (c) => c.notNull())
    .addColumn("plain_text", "text", (c) => c.notNull())
    .addColumn("published_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("published_at", "text", (c) => c.notNull())
    .addUniqueConstraint("document_versions_number_uq", ["document_id", "number"])
    .execute();
  await db.schema.createIndex("document_versions_coalition_idx").on("document_versions").columns(["coalition_id", "published_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "document_versions", "document_quarantine", "document_snapshots", "document_updates", "documents",
    "audit_events", "invitations", "join_requests", "memberships", "coalitions", "login_failures", "sessions", "users",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
