/**
 * What the Node server tells the app about its place in a cluster (set by server/index.ts,
 * read by /healthz). Lives on globalThis: the Remix bundle and the server share it.
 */
export interface ClusterInfo {
  instanceId: string;
  /** "disabled" without REDIS_URL; otherwise the Redis connection's state. */
  redis(): "disabled" | "connecting" | "ready" | "down";
}

const KEY = Symbol.for("coalition-workspace.cluster");
type Holder = { [KEY]?: ClusterInfo };

export function setClusterInfo(info: ClusterInfo): void {
  (globalThis as Holder)[KEY] = info;
}

export function getClusterInfo(): ClusterInfo | null {
  return (globalThis as Holder)[KEY] ?? null;
}
