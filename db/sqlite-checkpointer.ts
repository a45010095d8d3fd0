import { Worker } from "node:worker_threads";
import type { SqliteSynchronous } from "./sqlite-writer-core.mjs";
import { workerScript } from "./worker-scripts";

/** Pages the WAL may reach before the writer checkpoints by itself (the checkpointer thread stopped). */
export const WRITER_WAL_AUTOCHECKPOINT_PAGES = 16_384;

/**
 * With synchronous = NORMAL, how often the checkpointer thread flushes the WAL when it changed: the
 * most a power loss or OS crash can take of what was committed (with FULL every commit is flushed).
 */
export const NORMAL_WAL_SYNC_MS = 50;

export interface CheckpointerLog {
  warn(details: object, message: string): void;
}

/**
 * Keeps the collaboration writer's commits free of WAL checkpoints. SQLite's automatic checkpoint
 * runs inside the commit that pushes the WAL past 1,000 pages: that commit then copies the WAL into
 * the database file and fsyncs it, 10-12 ms measured under the fan-out load, while every edit staged
 * behind it waits. Instead the writer's connection checkpoints only as a safety net
 * (WRITER_WAL_AUTOCHECKPOINT_PAGES), and this thread runs a PASSIVE checkpoint on its own connection
 * every `intervalMs`: it copies what is committed without blocking the writer, and the writer starts
 * the WAL over once everything is copied, so the WAL stays small (a few MB under heavy editing).
 * Every second rather than more often: each checkpoint ends with an fsync of the database file, which
 * the commits' own fsyncs of the WAL then queue behind (fan-out bench, 5 repetitions, fsync per
 * commit: p99 9.7 ms and 42.5 % CPU at 250 ms, 8.4 ms and 37.3 % at 1 s, 8.9 ms and 39.3 % at 2 s).
 * With synchronous = NORMAL (commits reach the WAL but are not flushed) the thread also flushes the
 * WAL every `walSyncMs` when it has changed, so a power loss takes at most that much of what was
 * committed instead of everything since the last checkpoint.
 */
export class SqliteCheckpointer {
  private worker: Worker | null = null;
  private stopped = false;
  private restartTimer: NodeJS.Timeout | undefined;
  /** Checkpoints attempted so far, and the last one's error (null when it succeeded). */
  runs = 0;
  lastError: string | null = null;
  /** WAL flushes made with synchronous = NORMAL, as of the thread's last report. */
  walSyncs = 0;

  constructor(
    private readonly path: string,
    private readonly synchronous: SqliteSynchronous,
    private readonly log?: CheckpointerLog,
    private readonly intervalMs = 1000,
    private readonly walSyncMs = synchronous === "NORMAL" ? NORMAL_WAL_SYNC_MS : 0,
  ) {}

  start(): void {
    if (this.worker || this.stopped) return;
    // Plain JavaScript, so the same file runs under tsx, vitest and plain node.
    const worker = new Worker(workerScript("db/sqlite-checkpointer.worker.mjs"), {
      workerData: { path: this.path, synchronous: this.synchronous, intervalMs: this.intervalMs, walSyncMs: this.walSyncMs },
      execArgv: [],
    });
    worker.unref();
    worker.on("message", (m: { ok: boolean; error?: string; walSyncs: number; walSync?: boolean }) => {
      this.walSyncs = m.walSyncs;
      if (!m.walSync) this.runs++; // a failed WAL flush is reported apart from the checkpoints
      if (m.ok) return void (this.lastError = null);
      if (m.error !== this.lastError) this.log?.warn({ err: m.error }, m.walSync ? "sqlite: WAL flush failed" : "sqlite: WAL checkpoint failed");
      this.lastError = m.error ?? "unknown";
    });
    worker.on("error", (error) => this.log?.warn({ err: error.message }, "sqlite: checkpointer thread failed"));
    worker.on("exit", () => {
      if (this.worker !== worker) return;
      this.worker = null;
      // Until it is back the writer's own safety-net checkpoint bounds the WAL.
      if (!this.stopped) this.restartTimer = setTimeout(() => this.start(), 1000).unref();
    });
    this.worker = worker;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once("exit", resolve));
    worker.postMessage("close");
    const timeout = setTimeout(() => void worker.terminate(), 2000);
    await exited;
    clearTimeout(timeout);
  }
}
