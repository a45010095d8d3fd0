import type { Logger } from "pino";
import { CloseCode } from "../../app/lib/collab-protocol";
import type { Connection } from "./connection";
import type { CollabLimits } from "./limits";
import type { CollabMetrics } from "./metrics";

/** Every connection is pinged at least this often, however much it sends. */
export const MAX_PING_INTERVAL_MS = 30_000;

/** What the watch needs of a connection (Connection, or a fake in tests). */
export type WatchedConnection = Pick<Connection, "closed" | "lastHeardAt" | "pingSentAt" | "lastPingAt" | "ping" | "close"> & {
  readonly ws: { readonly bufferedAmount: number };
};

/**
 * Sockets that are really there. A connection the server has heard nothing from (no frame, no
 * pong) for `pingAfterMs` is sent a ping (and every connection every 30 s at the latest); a ping
 * left without an answer for `pongTimeoutMs` closes it with NO_ANSWER, which frees its places in
 * the connection limits and removes its presence for everyone at once (Connection.onClosed).
 */
export function checkLiveness(conns: Iterable<WatchedConnection>, limits: Pick<CollabLimits, "pingAfterMs" | "pongTimeoutMs">, metrics: CollabMetrics, now = performance.now()): void {
  for (const conn of conns) {
    if (conn.closed) continue;
    if (conn.pingSentAt !== null) {
      if (conn.lastHeardAt >= conn.pingSentAt) conn.pingSentAt = null; // answered (a pong or any frame)
      else if (now - conn.pingSentAt >= limits.pongTimeoutMs) {
        metrics.refuse("no-answer");
        conn.close(CloseCode.NO_ANSWER, "no answer");
        continue;
      } else continue;
    }
    if (now - conn.lastHeardAt >= limits.pingAfterMs || now - conn.lastPingAt >= MAX_PING_INTERVAL_MS) conn.ping();
  }
}

/**
 * The per-process backlog budget: each slow reader may hold up to maxBufferedBytes, but all of
 * them together no more than `budgetBytes`; past it the slowest readers (largest backlog first)
 * are closed with SLOW_READER until the sum is under the budget. They reconnect and resync.
 */
export function enforceBacklogBudget(conns: Iterable<WatchedConnection>, budgetBytes: number, metrics: CollabMetrics, log?: Logger): number {
  const open = [...conns].filter((c) => !c.closed && c.ws.bufferedAmount > 0);
  let total = open.reduce((n, c) => n + c.ws.bufferedAmount, 0);
  if (total <= budgetBytes) return 0;
  open.sort((a, b) => b.ws.bufferedAmount - a.ws.bufferedAmount);
  let closed = 0;
  for (const conn of open) {
    if (total <= budgetBytes) break;
    total -= conn.ws.bufferedAmount;
    metrics.refuse("backlog-budget");
    conn.close(CloseCode.SLOW_READER, "slow reader");
    closed++;
  }
  log?.warn({ closed, budgetBytes }, "collab: backlog budget exceeded, slowest readers closed");
  return closed;
}

/** How often the watch runs: often enough that a vanished client is gone within ping + timeout + a little. */
export function watchIntervalMs(limits: Pick<CollabLimits, "pingAfterMs" | "pongTimeoutMs">): number {
  return Math.max(10, Math.min(500, Math.min(limits.pingAfterMs, limits.pongTimeoutMs) / 4));
}

/** Runs checkLiveness and enforceBacklogBudget over every open connection on a timer; returns its stop. */
export function startConnectionWatch(deps: { connections: () => Iterable<Connection>; limits: CollabLimits; metrics: CollabMetrics; log: Logger }): () => void {
  const { limits, metrics, log } = deps;
  const timer = setInterval(() => {
    const conns = [...deps.connections()];
    checkLiveness(conns, limits, metrics);
    enforceBacklogBudget(conns, limits.backlogBudgetBytes, metrics, log);
  }, watchIntervalMs(limits));
  timer.unref();
  return () => clearInterval(timer);
}
