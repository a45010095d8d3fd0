/** Types of db/sqlite-writer-core.mjs (plain JavaScript so a worker thread can load it under any loader). */
export interface SqliteWriterCore {
  append(rows: { documentId: string; data: Uint8Array; userId: string | null }[]): number[];
  compact(documentId: string, state: { data: Uint8Array; lastSeq: number; plainText: string; edited?: { at: string; by: string | null } }): void;
  touch(documentId: string, edit: { at: string; by: string | null; plainText?: string }): void;
  close(): void;
}
export function openSqliteWriterCore(path: string): SqliteWriterCore;
