/** Types of db/document-log-sql.mjs (plain JavaScript so a worker thread can load it under any loader). */
export type LogDialect = "sqlite" | "postgres";
export interface DocumentLogStatements {
  readonly insertUpdates: (count: number) => string;
  readonly selectLog: string;
  readonly selectLogSeqs: string;
  readonly selectLogRows: (count: number) => string;
  readonly selectTail: string;
  readonly selectSnapshot: string;
  readonly selectSnapshotStamp: string;
  readonly upsertSnapshot: string;
  readonly replaceSnapshot: string;
  readonly deleteSnapshot: string;
  readonly deleteCovered: string;
  readonly deleteRows: (count: number) => string;
  readonly setPlainText: string;
  readonly setEdited: string;
}
export function documentLogStatements(dialect: LogDialect): DocumentLogStatements;
