import { CompiledQuery, PostgresAdapter } from "kysely";
import * as Y from "yjs";
import { type DocumentLogStatements, documentLogStatements } from "../document-log-sql.mjs";
import type { Executor } from "./users";

/**
 * Durable Yjs state of a document: an append-only log (document_updates) plus one compacted
 * snapshot (document_snapshots). Every update with seq <= snapshot.last_seq is merged into the
 * snapshot; loading reads the snapshot and the tail after it.
 */
export interface StoredDocumentState {
  /** `stamp` identifies this snapshot version (see snapshotStamp). */
  snapshot: { data: Uint8Array; lastSeq: number; stamp: string } | null;
  updates: { seq: number; data: Uint8Array }[];
}

/** Drivers hand back Buffers; callers get plain Uint8Array views (no copy). */
export function bytes(value: Uint8Array): Uint8Array {
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

/** better-sqlite3 binds Buffers; a zero-copy Buffer view over a Uint8Array. */
export function toBuffer(value: Uint8Array): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

const STATEMENTS = { sqlite: documentLogStatements("sqlite"), postgres: documentLogStatements("postgres") };

const isPostgres = (db: Executor) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Runs one of db/document-log-sql.mjs's statements (the one source of this log's SQL, shared with
 * the SQLite writer and compactor threads) in the executor's dialect; returns its rows.
 */
async function exec<Row>(db: Executor, statement: (sql: DocumentLogStatements) => string, params: unknown[]): Promise<Row[]> {
  const text = statement(isPostgres(db) ? STATEMENTS.postgres : STATEMENTS.sqlite);
  return (await db.executeQuery<Row>(CompiledQuery.raw(text, params))).rows;
}

type LogRow = { seq: number | string | bigint; data: Uint8Array };
type SnapshotRow = { data: Uint8Array; last_seq: number | string | bigint; updated_at: string };

/**
 * The snapshot and the tail of the update log after it, in seq order. Safe against a concurrent
 * compaction without a transaction: the tail is read first (relative to the snapshot of that
 * instant, in one statement), then the snapshot, which can only have grown since; a row the newer
 * snapshot already covers may then also be in the tail, which Yjs applies as a no-op.
 */
export async function loadDocumentState(db: Executor, documentId: string): Promise<StoredDocumentState> {
  // Every row still in the log, whatever its seq: a compaction deletes exactly the rows it merged,
  // so a row another instance committed late (a lower seq than rows already merged) is never
  // skipped. Rows read first, then the snapshot, which can only have grown since.
  const rows = await exec<LogRow>(db, (q) => q.selectLog, [documentId]);
  const [snap] = await exec<SnapshotRow>(db, (q) => q.selectSnapshot, [documentId]);
  return {
    snapshot: snap ? { data: bytes(snap.data), lastSeq: Number(snap.last_seq), stamp: snapshotStamp(snap.last_seq, snap.updated_at, snap.data.byteLength) } : null,
    updates: rows.map((r) => ({ seq: Number(r.seq), data: bytes(r.data) })),
  };
}

/**
 * Identifies one version of a document's snapshot without reading it: its last seq, when it was
 * written and its size. A compactor that finds the stamp it last saw knows the stored snapshot
 * holds nothing its own copy lacks.
 */
function snapshotStamp(lastSeq: number | string | bigint, updatedAt: string, size: number | string | bigint): string {
  return `${Number(lastSeq)}:${updatedAt}:${Number(size)}`;
}

/** The seqs of every row in a document's log, in order (no data: a compactor reads only what it lacks). */
export async function listLogSeqs(db: Executor, documentId: string): Promise<number[]> {
  const rows = await exec<{ seq: number | string | bigint }>(db, (q) => q.selectLogSeqs, [documentId]);
  return rows.map((r) => Number(r.seq));
}

/** The given rows of a document's log, in seq order (rows already compacted away are simply absent). */
export async function readLogRows(db: Executor, documentId: string, seqs: number[]): Promise<{ seq: number; data: Uint8Array }[]> {
  const out: { seq: number; data: Uint8Array }[] = [];
  for (let i = 0; i < seqs.length; i += ROWS_PER_STATEMENT) {
    const chunk = seqs.slice(i, i + ROWS_PER_STATEMENT);
    const rows = await exec<LogRow>(db, (q) => q.selectLogRows(chunk.length), [documentId, ...chunk]);
    for (const r of rows) out.push({ seq: Number(r.seq), data: bytes(r.data) });
  }
  return out;
}

// SQLite allows 32766 bound variables per statement; 4 per row (1 + 1 per seq) keeps us far below it.
const ROWS_PER_STATEMENT = 1000;

/**
 * Appends updates (possibly for several documents) atomically and returns their seqs in input
 * order. One statement for up to 1000 rows, otherwise one transaction.
 */
export async function appendUpdates(
  db: Executor,
  rows: { documentId: string; data: Uint8Array; userId: string | null }[],
): Promise<number[]> {
  if (rows.length === 0) return [];
  const createdAt = new Date().toISOString();
  const insert = async (ex: Executor, chunk: typeof rows) => {
    const out = await exec<{ seq: number | string | bigint }>(
      ex,
      (q) => q.insertUpdates(chunk.length),
      chunk.flatMap((r) => [r.documentId, toBuffer(r.data), r.userId, createdAt]),
    );
    // Auto-increment values are assigned in row order within one statement; RETURNING's order is
    // not promised, so sort.
    return out.map((r) => Number(r.seq)).sort((a, b) => a - b);
  };
  if (rows.length <= ROWS_PER_STATEMENT) return insert(db, rows);
  const run = async (tx: Executor) => {
    const seqs: number[] = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) seqs.push(...(await insert(tx, rows.slice(i, i + ROWS_PER_STATEMENT))));
    return seqs;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/**
 * Merges the log into the snapshot in ONE transaction: upserts the snapshot (data, last_seq),
 * deletes the updates it covers, stores the plain text. A crash before commit leaves the old
 * snapshot and the whole log, so nothing is lost. `edited` also stamps the document's
 * last-edited fields (the collaboration server passes it).
 */
export async function compactDocument(
  db: Executor,
  documentId: string,
  state: { data: Uint8Array; lastSeq: number; plainText: string; edited?: { at: string; by: string | null }; coveredSeqs?: number[]; knownStamp?: string | null },
): Promise<string | void> {
  const run = async (tx: Executor): Promise<string | void> => {
    const updatedAt = new Date().toISOString();
    if (state.coveredSeqs) return compactShared(tx, documentId, state as typeof state & { coveredSeqs: number[] }, updatedAt);
    // Never replaces a newer snapshot with an older one (two compactions racing).
    await exec(tx, (q) => q.upsertSnapshot, [documentId, toBuffer(state.data), state.lastSeq, updatedAt]);
    await exec(tx, (q) => q.deleteCovered, [documentId, state.lastSeq]);
    await stampDocument(tx, documentId, state);
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** The document's search text (and last-edited stamp, when given) written with a compaction. */
async function stampDocument(tx: Executor, documentId: string, state: { plainText: string; edited?: { at: string; by: string | null } }): Promise<void> {
  if (state.edited) await exec(tx, (q) => q.setEdited, [state.plainText, state.edited.at, state.edited.by, state.edited.at, documentId]);
  else await exec(tx, (q) => q.setPlainText, [state.plainText, documentId]);
}

/**
 * Compaction when several instances write one document (REDIS_URL): rows of other instances may
 * commit out of seq order and two instances may compact at once. So, under a lock on the
 * document's row, exactly the rows the caller merged are deleted (a row committed meanwhile stays
 * in the log), and the new snapshot is merged with the stored one, which another instance may have
 * written from rows this caller never saw — unless the stored snapshot is the very one the caller
 * loaded or last wrote (`knownStamp`): then the caller's state already holds it and replaces it
 * (no decoding of two whole documents). Returns the stamp of the snapshot written.
 */
async function compactShared(
  tx: Executor,
  documentId: string,
  state: { data: Uint8Array; lastSeq: number; plainText: string; edited?: { at: string; by: string | null }; coveredSeqs: number[]; knownStamp?: string | null },
  updatedAt: string,
): Promise<string> {
  let lock = tx.selectFrom("documents").select("id").where("id", "=", documentId);
  // NO KEY UPDATE, not UPDATE: it serialises compactions but not appends, whose foreign-key check
  // takes KEY SHARE on this row (FOR UPDATE would hold every commit back for the whole compaction).
  if (isPostgres(tx)) lock = lock.forNoKeyUpdate();
  await lock.execute();
  const [stored] = await exec<{ last_seq: number | string | bigint; updated_at: string; size: number | string | bigint }>(tx, (q) => q.selectSnapshotStamp, [documentId]);
  const storedStamp = stored ? snapshotStamp(stored.last_seq, stored.updated_at, stored.size) : null;
  let data = state.data;
  if (stored && storedStamp !== state.knownStamp) {
    const [old] = await exec<SnapshotRow>(tx, (q) => q.selectSnapshot, [documentId]);
    if (!old) throw new Error(`the snapshot of document ${documentId} vanished under the lock`);
    data = Y.mergeUpdates([bytes(old.data), state.data]);
  }
  const lastSeq = Math.max(Number(stored?.last_seq ?? 0), state.lastSeq);
  await exec(tx, (q) => q.replaceSnapshot, [documentId, toBuffer(data), lastSeq, updatedAt]);
  for (let i = 0; i < state.coveredSeqs.length; i += ROWS_PER_STATEMENT) {
    const chunk = state.coveredSeqs.slice(i, i + ROWS_PER_STATEMENT);
    await exec(tx, (q) => q.deleteRows(chunk.length), [documentId, ...chunk]);
  }
  await stampDocument(tx, documentId, state);
  return snapshotStamp(lastSeq, updatedAt, data.byteLength);
}

/**
 * Moves a stored row that cannot be applied out of the way, in one transaction: copies it to
 * document_quarantine and deletes it from document_updates (seq given) or deletes the snapshot
 * (seq null).
 */
export async function quarantineUpdate(
  db: Executor,
  row: { documentId: string; seq: number | null; data: Uint8Array; reason: string },
): Promise<void> {
  const run = async (tx: Executor) => {
    await tx
      .insertInto("document_quarantine")
      .values({ document_id: row.documentId, source_seq: row.seq, data: toBuffer(row.data), reason: row.reason.slice(0, 1000), created_at: new Date().toISOString() })
      .execute();
    if (row.seq === null) await exec(tx, (q) => q.deleteSnapshot, [row.documentId]);
    else await exec(tx, (q) => q.deleteRows(1), [row.documentId, row.seq]);
  };
  await (db.isTransaction ? run(db) : db.transaction().execute(run));
}

/** Stamps the document's last-edited fields and plain text (debounced by the collaboration server). */
export async function touchDocumentEdited(
  db: Executor,
  documentId: string,
  edit: { at: string; by: string | null; plainText?: string },
): Promise<void> {
  await exec(db, (q) => q.setEdited, [edit.plainText ?? null, edit.at, edit.by, edit.at, documentId]);
}

/** The columns the collaboration server needs to authorise a connection to a document. */
export function findDocumentAccess(db: Executor, documentId: string) {
  return db
    .selectFrom("documents")
    .innerJoin("coalitions", "coalitions.id", "documents.coalition_id")
    .select([
      "documents.id",
      "documents.coalition_id",
      "documents.title",
      "documents.archived_at",
      "coalitions.visibility",
      "coalitions.archived_at as coalition_archived_at",
    ])
    .where("documents.id", "=", documentId)
    .executeTakeFirst();
}

/** Quarantined rows of a document, newest first (operators and tests read them). */
export function listQuarantine(db: Executor, documentId: string) {
  return db.selectFrom("document_quarantine").selectAll().where("document_id", "=", documentId).orderBy("id", "desc").execute();
}

/**
 * The stored snapshot (with when it was written) and every row of the update log with its time
 * and sender, in seq order: what a document's recent days are rebuilt from (issue 23's timeline).
 * Rows are read first, then the snapshot (see loadDocumentState).
 */
export async function loadTimedLog(db: Executor, documentId: string) {
  const rows = await exec<{ data: Uint8Array; user_id: string | null; created_at: string }>(db, (q) => q.selectTimedLog, [documentId]);
  const [snap] = await exec<SnapshotRow>(db, (q) => q.selectSnapshot, [documentId]);
  return {
    snapshot: snap ? { data: bytes(snap.data), updatedAt: snap.updated_at } : null,
    rows: rows.map((r) => ({ data: bytes(r.data), userId: r.user_id, createdAt: r.created_at })),
  };
}

/** The earliest log row's time and the snapshot's, without reading any data (is there a past day to keep?). */
export async function oldestStoredTimes(db: Executor, documentId: string): Promise<{ oldestRow: string | null; snapshot: string | null }> {
  const [row] = await exec<{ oldest: string | null }>(db, (q) => q.selectOldestLogTime, [documentId]);
  const [snap] = await exec<{ updated_at: string }>(db, (q) => q.selectSnapshotStamp, [documentId]);
  return { oldestRow: row?.oldest ?? null, snapshot: snap?.updated_at ?? null };
}
