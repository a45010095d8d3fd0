import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import SQLite from "better-sqlite3";
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type SqliteDialectConfig } from "kysely";
import pg from "pg";
import type { Database } from "./schema";
import { StorageHealthPlugin } from "./storage-health";

export type DatabaseKind = "sqlite" | "postgres";

export interface DbHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  url: string;
}

export const DEFAULT_DATABASE_URL = "file:./data/workspace.db";

/** Parses DATABASE_URL: `file:PATH` (or a bare path) for SQLite, `postgres://…` for PostgreSQL. */
export function parseDatabaseUrl(url: string): { kind: DatabaseKind; path?: string; url: string } {
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: "postgres", url };
  const path = url.startsWith("file:") ? url.slice("file:".length) : url;
  if (!path) throw new Error(`DATABASE_URL "${url}" names no file`);
  return { kind: "sqlite", path, url };
}

/** Opens a new database handle. Most code wants `getDb()` instead: one handle per process. */
export function openDatabase(url: string = DEFAULT_DATABASE_URL, options: { pgPoolSize?: number } = {}): DbHandle {
  const parsed = parseDatabaseUrl(url);
  if (parsed.kind === "postgres") {
    // COUNT(*) and BIGINT arrive as strings from pg; parse int8 as a JS number (our values stay < 2^53).
    pg.types.setTypeParser(20, (v: string) => Number(v));
    const pool = new pg.Pool({ connectionString: parsed.url, max: options.pgPoolSize ?? 10 });
    // An idle pooled connection that the server ends (restart, failover, admin) must not crash
    // the process: the pool drops it and opens a new one on the next query.
    pool.on("error", (error) => console.error(`postgres: idle connection lost (${error.message})`));
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new StorageHealthPlugin()] }), kind: "postgres", url };
  }
  const file = parsed.path === ":memory:" ? ":memory:" : resolve(parsed.path!);
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  // synchronous=FULL: a commit is on disk before we acknowledge it (the collab server relays
  // an update only after its commit; a crash must not lose it).
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("busy_timeout = 5000");
  return { db: new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }), plugins: [new StorageHealthPlugin()] }), kind: "sqlite", url };
}

/**
 * SQLite transactions begin IMMEDIATE: they take the write lock at BEGIN, waiting for it up to
 * busy_timeout. A plain (deferred) BEGIN reads first and asks for the lock at its first write; if
 * another connection (the document writer's) committed in between, SQLite refuses at once with
 * SQLITE_BUSY, without waiting, and the request failed with a 500.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

// The handle lives on globalThis so that the Remix server bundle and the plain Node server
// (which load separate copies of this module) share one handle per process.
const KEY = Symbol.for("coalition-workspace.db");
type Holder = { [KEY]?: DbHandle };

/** Installs the process-wide database handle (called once by the server or a test). */
export function setDb(handle: DbHandle): DbHandle {
  (globalThis as Holder)[KEY] = handle;
  return handle;
}

/**
 * The process-wide database handle. The server (or a script, or a test) opens it from the parsed
 * configuration and installs it with setDb before anything asks for it; db/ reads no environment.
 */
export function getDbHandle(): DbHandle {
  const handle = (globalThis as Holder)[KEY];
  if (!handle) throw new Error("no database handle: call setDb(openDatabase(url)) first (server/index.ts does at start)");
  return handle;
}

/** The process-wide Kysely instance. */
export function getDb(): Kysely<Database> {
  return getDbHandle().db;
}

/** Closes the process-wide handle, if any. */
export async function closeDb(): Promise<void> {
  const holder = globalThis as Holder;
  const handle = holder[KEY];
  holder[KEY] = undefined;
  if (handle) await handle.db.destroy();
}
