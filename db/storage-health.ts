import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";

/**
 * The process's storage health: set when a write fails because storage is full or unavailable,
 * cleared by the next write that succeeds (the plugin below, on the process's Kysely handle) or
 * by /healthz's probe write. `/healthz` answers 503 while it is set.
 */
export interface StorageHealth {
  ok: boolean;
  /** When the failure was seen (ISO), and its code or message. */
  failedAt?: string;
  error?: string;
}

const KEY = Symbol.for("coalition-workspace.storage-health");
type Holder = { [KEY]?: StorageHealth };

export function storageHealth(): StorageHealth {
  return (globalThis as Holder)[KEY] ?? { ok: true };
}

export function markStorageFailed(error: unknown): void {
  const e = error as { code?: unknown; message?: unknown };
  const detail = typeof e?.code === "string" ? e.code : typeof e?.message === "string" ? e.message : String(error);
  (globalThis as Holder)[KEY] = { ok: false, failedAt: new Date().toISOString(), error: detail };
}

export function markStorageWritten(): void {
  if ((globalThis as Holder)[KEY]?.ok === false) (globalThis as Holder)[KEY] = { ok: true };
}

const WRITES = new Set(["InsertQueryNode", "UpdateQueryNode", "DeleteQueryNode"]);

/** Clears the failed state when an INSERT, UPDATE or DELETE succeeds. */
export class StorageHealthPlugin implements KyselyPlugin {
  private readonly writes = new WeakSet<object>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (WRITES.has(args.node.kind)) this.writes.add(args.queryId);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.writes.has(args.queryId)) markStorageWritten();
    return args.result;
  }
}
