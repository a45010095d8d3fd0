import { resolve } from "node:path";
import type { Kysely } from "kysely";
import { type DbHandle, parseDatabaseUrl } from "../client";
import { type CheckpointerLog, SqliteCheckpointer, WRITER_WAL_AUTOCHECKPOINT_PAGES } from "../sqlite-checkpointer";
import { type LogCompaction, SqliteCompactor } from "../sqlite-compactor";
import type { Database } from "../schema";
import { openSqliteWriterCore, type SqliteSynchronous, type SqliteWriterCore } from "../sqlite-writer-core.mjs";
import { WorkerRpc } from "../worker-rpc";
import { appendUpdates, compactDocument, touchDocumentEdited } from "./document-state";
import { workerScript } from "../worker-scripts";

/**
 * The durable writes of the collaboration server. On a SQLite file they run on a dedicated
 * connection (synchronous = FULL unless COLLAB_SQLITE_SYNCHRONOUS=normal), by default on a worker thread, so a commit's fsync never blocks
 * the event loop that relays edits (measured under disk contention: committing on the main thread
 * put fan-out p50 at 47 ms against 5 ms with the worker). `COLLAB_SQLITE_WRITER=main` commits on the
 * main thread instead (cheaper in CPU when fsync is fast and steady). On PostgreSQL (already
 * asynchronous) and in-memory SQLite they go through Kysely.
 */
export interface DocumentWriter {
  append(rows: { documentId: string; data: Uint8Array; userId: string | null }[]): Promise<number[]>;
  /**
   * `coveredSeqs` (and `knownStamp`): several instances write this document; see compactDocument
   * (Kysely writer only), which then returns the written snapshot's stamp.
   */
  compact(documentId: string, state: { data: Uint8Array; lastSeq: number; plainText: string; edited?: { at: string; by: string | null }; coveredSeqs?: number[]; knownStamp?: string | null }): Promise<string | void>;
  /**
   * Compacts from what is stored rather than from the caller's copy of the document (SQLite files
   * only, on a thread of their own: see db/sqlite-compactor.ts): the snapshot then covers exactly the
   * rows up to `lastSeq`. Rejects, changing nothing, when a stored row cannot be applied.
   */
  compactFromLog?(documentId: string, options: { lastSeq: number; edited?: { at: string; by: string | null } }): Promise<LogCompaction>;
  touch(documentId: string, edit: { at: string; by: string | null; plainText?: string }): Promise<void>;
  /**
   * Opens the connection (and starts the writer thread) ahead of the first commit, so the first edit
   * after a start does not wait for it and a database the writer cannot open stops the start.
   */
  open(): Promise<void>;
  close(): Promise<void>;
  /** How commits are made durable, for the startup log (e.g. "sqlite synchronous=FULL, worker thread"). */
  readonly durability: string;
}

/**
 * How the SQLite writer commits edits (from the config: COLLAB_SQLITE_SYNCHRONOUS and
 * COLLAB_SQLITE_WRITER, see app/lib/config.server.ts's sqliteWriterFromConfig). `FULL` (the
 * default) fsyncs every commit before the author is told "saved" and before durable readers see
 * it, so a saved edit survives a power loss; `NORMAL` writes it to the WAL before "saved": it
 * survives any crash of the server process, but a power loss or OS crash may take the commits of
 * the last NORMAL_WAL_SYNC_MS, after which the checkpointer thread flushes the WAL. Edits are
 * relayed before either (see server/collab/ports.ts).
 */
export interface SqliteWriterOptions {
  synchronous: SqliteSynchronous;
  thread: "worker" | "main";
}

export const DEFAULT_SQLITE_WRITER: SqliteWriterOptions = { synchronous: "FULL", thread: "worker" };

export function openDocumentWriter(handle: Pick<DbHandle, "db" | "url">, options: SqliteWriterOptions = DEFAULT_SQLITE_WRITER, log?: CheckpointerLog): DocumentWriter {
  const parsed = parseDatabaseUrl(handle.url);
  if (parsed.kind === "sqlite" && parsed.path !== ":memory:") {
    const path = resolve(parsed.path!);
    const { synchronous } = options;
    const checkpointer = new SqliteCheckpointer(path, synchronous, log);
    const compactor = new SqliteCompactor(path, synchronous);
    return options.thread === "main" ? new MainThreadWriter(path, synchronous, checkpointer, compactor) : new WorkerWriter(path, synchronous, checkpointer, compactor);
  }
  return kyselyDocumentWriter(handle.db);
}

/** The writes through Kysely on the caller's thread (PostgreSQL, in-memory SQLite). */
export function kyselyDocumentWriter(db: Kysely<Database>): DocumentWriter {
  return {
    append: (rows) => appendUpdates(db, rows),
    compact: (documentId, state) => compactDocument(db, documentId, state),
    touch: (documentId, edit) => touchDocumentEdited(db, documentId, edit),
    open: async () => {},
    close: async () => {},
    durability: "the database's own commit (through Kysely)",
  };
}

/**
 * Both SQLite writers leave WAL checkpoints to a SqliteCheckpointer (see db/sqlite-checkpointer.ts)
 * and compactions off the log to a SqliteCompactor (db/sqlite-compactor.ts).
 */
const CHECKPOINTS = "WAL checkpoints on their own thread";

/** Synchronous commits on the caller's thread, on a connection of their own (opened on first use). */
class MainThreadWriter implements DocumentWriter {
  private core: SqliteWriterCore | null = null;

  constructor(
    private readonly path: string,
    private readonly synchronous: SqliteSynchronous,
    private readonly checkpointer: SqliteCheckpointer,
    private readonly compactor: SqliteCompactor,
  ) {}

  get durability(): string {
    return `sqlite synchronous=${this.synchronous}, main thread, ${CHECKPOINTS}`;
  }

  private run<T>(fn: (core: SqliteWriterCore) => T): Promise<T> {
    try {
      if (!this.core) {
        this.core = openSqliteWriterCore(this.path, { synchronous: this.synchronous, walAutocheckpoint: WRITER_WAL_AUTOCHECKPOINT_PAGES });
        this.checkpointer.start();
      }
      return Promise.resolve(fn(this.core));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  open(): Promise<void> {
    return this.run(() => undefined);
  }

  append(rows: { documentId: string; data: Uint8Array; userId: string | null }[]): Promise<number[]> {
    if (!rows.length) return Promise.resolve([]);
    return this.run((core) => core.append(rows));
  }

  compact(documentId: string, state: { data: Uint8Array; lastSeq: number; plainText: string; edited?: { at: string; by: string | null } }): Promise<void> {
    return this.run((core) => core.compact(documentId, state));
  }

  compactFromLog(documentId: string, options: { lastSeq: number; edited?: { at: string; by: string | null } }): Promise<LogCompaction> {
    return this.compactor.compact(documentId, options);
  }

  touch(documentId: string, edit: { at: string; by: string | null; plainText?: string }): Promise<void> {
    return this.run((core) => core.touch(documentId, edit));
  }

  async close(): Promise<void> {
    await this.checkpointer.stop();
    await this.compactor.close();
    this.core?.close();
    this.core = null;
  }
}

class WorkerWriter implements DocumentWriter {
  private readonly rpc: WorkerRpc;

  constructor(
    path: string,
    private readonly synchronous: SqliteSynchronous,
    private readonly checkpointer: SqliteCheckpointer,
    private readonly compactor: SqliteCompactor,
  ) {
    this.rpc = new WorkerRpc(workerScript("db/sqlite-writer.worker.mjs"), { path, synchronous, walAutocheckpoint: WRITER_WAL_AUTOCHECKPOINT_PAGES }, () =>
      checkpointer.start(),
    );
  }

  get durability(): string {
    return `sqlite synchronous=${this.synchronous}, writer thread, ${CHECKPOINTS}`;
  }

  /** Resolves once the thread has opened its connection (it opens it as it starts). */
  async open(): Promise<void> {
    await this.rpc.call("open", null);
  }

  append(rows: { documentId: string; data: Uint8Array; userId: string | null }[]): Promise<number[]> {
    if (!rows.length) return Promise.resolve([]);
    const packed = packRows(rows);
    return this.rpc.call("append", packed, [packed.bytes.buffer, packed.lengths.buffer, packed.docIdx.buffer, packed.userIdx.buffer]);
  }

  compact(documentId: string, state: { data: Uint8Array; lastSeq: number; plainText: string; edited?: { at: string; by: string | null } }): Promise<void> {
    return this.rpc.call("compact", { documentId, state });
  }

  compactFromLog(documentId: string, options: { lastSeq: number; edited?: { at: string; by: string | null } }): Promise<LogCompaction> {
    return this.compactor.compact(documentId, options);
  }

  touch(documentId: string, edit: { at: string; by: string | null; plainText?: string }): Promise<void> {
    return this.rpc.call("touch", { documentId, edit });
  }

  async close(): Promise<void> {
    await this.checkpointer.stop();
    await this.compactor.close();
    await this.rpc.close();
  }
}

/**
 * A batch as a few flat arrays instead of one object (and one small ArrayBuffer) per row:
 * structured-cloning thousands of small objects per second was the writer's main CPU cost.
 * Unpacked by db/sqlite-writer.worker.mjs.
 */
function packRows(rows: { documentId: string; data: Uint8Array; userId: string | null }[]) {
  let total = 0;
  for (const r of rows) total += r.data.byteLength;
  const bytes = new Uint8Array(total);
  const lengths = new Uint32Array(rows.length);
  const docs: string[] = [];
  const users: (string | null)[] = [];
  const userIndex = new Map<string | null, number>();
  const docIdx = new Uint32Array(rows.length);
  const userIdx = new Uint32Array(rows.length);
  let offset = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    bytes.set(r.data, offset);
    offset += r.data.byteLength;
    lengths[i] = r.data.byteLength;
    if (docs[docs.length - 1] !== r.documentId) docs.push(r.documentId);
    docIdx[i] = docs.length - 1;
    let u = userIndex.get(r.userId);
    if (u === undefined) userIndex.set(r.userId, (u = users.push(r.userId) - 1));
    userIdx[i] = u;
  }
  return { bytes, lengths, docs, users, docIdx, userIdx };
}
