import { Worker } from "node:worker_threads";

/**
 * Request/response over a worker thread that answers `{ id, op, args }` with `{ id, ok, result | error }`
 * (db/sqlite-writer.worker.mjs, db/sqlite-compactor.worker.mjs). The thread starts on the first call;
 * if it dies, the calls in flight fail and the next call starts a new one. Its `close` op must answer
 * and then close the port.
 */
export class WorkerRpc {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly script: URL,
    private readonly workerData: unknown,
    /** Called each time a thread starts. */
    private readonly onStart?: () => void,
  ) {}

  call<T>(op: string, args: unknown, transfer?: ArrayBuffer[]): Promise<T> {
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, op, args }, transfer);
    });
  }

  /** Asks the thread to close (if one runs) and waits for it to end. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await this.call("close", {}).catch(() => {});
    this.worker = null;
    await worker.terminate();
  }

  private spawn(): Worker {
    // Plain JavaScript, so the same file runs under tsx, vitest and plain node.
    const worker = new Worker(this.script, { workerData: this.workerData, execArgv: [] });
    this.onStart?.();
    worker.unref();
    worker.on("message", (msg: { id: number; ok: boolean; result?: unknown; error?: string; code?: string }) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(Object.assign(new Error(msg.error), msg.code ? { code: msg.code } : {}));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null; // the next call starts a new one
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`${this.script.pathname.split("/").pop()} exited (${code})`)));
    return worker;
  }
}
