import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import type { Kysely } from "kysely";
import { type DbHandle, parseDatabaseUrl } from "../client";
import type { Database } from "../schema";
import { appendUpdates, compactDocument, touchDocumentEdited } from "./document-state";

/**
 * The durable writes of the collaboration server. On a SQLite file they run on a worker thread
 * with its own connection, so a commit's fsync never blocks the event loop that relays edits; on
 * PostgreSQL (already asynchronous) and in-memory SQLite they go through Kysely.
 */
export interface DocumentWriter {
  append(rows: { documentId: string; data: Uint8Array; userId: string | null }[]): Promise<number[]>;
  compact(documentId: string, state: { data: Uint8Array; lastSeq: number; plainText: string; edited?: { at: string; by: string | null } }): Promise<void>;
  touch(documentId: string, edit: { at: string; by: string | null; plainText?: string }): Promise<void>;
  close(): Promise<void>;
}

export function openDocumentWriter(handle: Pick<DbHandle, "db" | "url">): DocumentWriter {
  const parsed = parseDatabaseUrl(handle.url);
  if (parsed.kind === "sqlite" && parsed.path !== ":memory:") return new WorkerWriter(resolve(parsed.path!));
  return kyselyDocumentWriter(handle.db);
}

/** The writes through Kysely on the caller's thread (PostgreSQL, in-memory SQLite). */
export function kyselyDocumentWriter(db: Kysely<Database>): DocumentWriter {
  return {
    append: (rows) => appendUpdates(db, rows),
    compact: (documentId, state) => compactDocument(db, documentId, state),
    touch: (documentId, edit) => touchDocumentEdited(db, documentId, edit),
    close: async () => {},
  };
}

class WorkerWriter implements DocumentWriter {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly path: string) {}

  private call<T>(op: string, args: unknown): Promise<T> {
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, op, args });
    });
  }

  private spawn(): Worker {
    // The same file resolves under tsx, vitest and plain node (it is plain JavaScript).
    const worker = new Worker(new URL("../sqlite-writer.worker.mjs", import.meta.url), { workerData: { path: this.path }, execArgv: [] });
    worker.unref();
    worker.on("message", (msg: { id: number; ok: boolean; result?: unknown; error?: string }) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(msg.error));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null; // the next call starts a new one
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`document writer exited (${code})`)));
    return worker;
  }

  append(rows: { documentId: string; data: Uint8Array; userId: string | null }[]): Promise<number[]> {
    if (!rows.length) return Promise.resolve([]);
    return this.call("append", { rows });
  }

  compact(documentId: string, state: { data: Uint8Array; lastSeq: number; plainText: string; edited?: { at: string; by: string | null } }): Promise<void> {
    return this.call("compact", { documentId, state });
  }

  touch(documentId: string, edit: { at: string; by: string | null; plainText?: string }): Promise<void> {
    return this.call("touch", { documentId, edit });
  }

  async close(): Promise<void> {
    if (!this.worker) return;
    const worker = this.worker;
    await this.call("close", {}).catch(() => {});
    this.worker = null;
    await worker.terminate();
  }
}
