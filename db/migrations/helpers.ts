import { type Kysely, PostgresAdapter, type ColumnDataType } from "kysely";

// Migration helpers: the only place that knows the two dialects differ in column types.
// Migrations import nothing else from the project.

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Binary column type: BLOB on SQLite, BYTEA on PostgreSQL. */
export function binary(db: Kysely<any>): ColumnDataType {
  return isPostgres(db) ? "bytea" : "blob";
}

/** An auto-incrementing integer primary key column, for append-only logs. */
export function serialType(db: Kysely<any>): ColumnDataType {
  return isPostgres(db) ? "bigserial" : "integer";
}

export function autoIncrementPk(db: Kysely<any>) {
  return (col: any) => (isPostgres(db) ? col.primaryKey() : col.primaryKey().autoIncrement());
}

