/** Types of db/sqlite-writer-core.mjs (plain JavaScript so a worker thread can load it under any loader). */
export type SqliteSynchronous = "FULL" | "NORMAL";
export const SQLITE_SYNCHRONOUS: readonly SqliteSynchronous[];
export interface SqliteWriterCore {
  append(rows: { documentId: string; data: Uint8Array; userId: string | null }[]): number[];
  compact(documentId: string, state: { data: Uint8Array; lastSeq: number; plainText: string; edited?: { at: string; by: string | null } }): void;
  /** The stored snapshot and the log rows after it, up to and including `lastSeq`, read in one transaction. */
  readLog(documentId: string, lastSeq: number): { snapshot: { data: Uint8Array; lastSeq: number } | null; rows: { seq: number; data: Uint8Array }[] };
  touch(documentId: string, edit: { at: string; by: string | null; plainText?: string }): void;
  /** PRAGMA synchronous as SQLite reports it (2 = FULL, 1 = NORMAL). */
  synchronous(): number;
  /** PRAGMA wal_autocheckpoint: pages the WAL may reach before a commit checkpoints it. */
  walAutocheckpoint(): number;
  close(): void;
}
export function openSqliteWriterCore(path: string, options?: { synchronous?: SqliteSynchronous; walAutocheckpoint?: number }): SqliteWriterCore;
