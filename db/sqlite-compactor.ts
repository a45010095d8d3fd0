import { WRITER_WAL_AUTOCHECKPOINT_PAGES } from "./sqlite-checkpointer";
import type { SqliteSynchronous } from "./sqlite-writer-core.mjs";
import { WorkerRpc } from "./worker-rpc";
import { workerScript } from "./worker-scripts";

/** What a compaction off the log did: the snapshot's size and the log rows it merged (0: nothing to do). */
export interface LogCompaction {
  bytes: number;
  rows: number;
}

/**
 * Compacts a document's log on a thread of its own (db/sqlite-compactor.worker.mjs): it reads the
 * snapshot and the rows up to `lastSeq`, rebuilds the document, encodes it and takes its plain text,
 * then writes the snapshot and deletes the rows it covers in one transaction. Encoding the document
 * and extracting its text on the event loop stopped it for ~34 ms on a 1.3 MB document and ~93 ms
 * on a 6.6 MB one, at every compaction (every 2,000 edits by default; bench/compaction-bench.ts). A row it cannot apply fails
 * the compaction and changes nothing.
 */
export class SqliteCompactor {
  private readonly rpc: WorkerRpc;

  constructor(path: string, synchronous: SqliteSynchronous) {
    this.rpc = new WorkerRpc(workerScript("db/sqlite-compactor.worker.mjs"), { path, synchronous, walAutocheckpoint: WRITER_WAL_AUTOCHECKPOINT_PAGES });
  }

  compact(documentId: string, options: { lastSeq: number; edited?: { at: string; by: string | null } }): Promise<LogCompaction> {
    return this.rpc.call("compact", { documentId, ...options });
  }

  close(): Promise<void> {
    return this.rpc.close();
  }
}
