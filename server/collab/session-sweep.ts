import type { Logger } from "pino";
import { CloseCode } from "../../app/lib/collab-protocol";
import type { Connection } from "./connection";
import type { Authorizer, Clock } from "./ports";

/**
 * Sessions that expire (or vanish without an event) end their sockets: every `intervalMs`, one
 * query for all open connections' sessions. Returns a function that stops the sweep. (Each socket
 * also watches its own session's expiry: see session-expiry.ts.)
 */
export function startSessionSweep(o: { connections: () => Connection[]; authorizer: Authorizer; clock: Clock; log: Logger; intervalMs: number }): () => void {
  let stopped = false;
  const timer = setInterval(async () => {
    const conns = o.connections();
    if (!conns.length || stopped) return;
    try {
      const live = await o.authorizer.liveSessions([...new Set(conns.map((c) => c.principal.sessionIdHash))], o.clock.now());
      for (const conn of conns) if (!live.has(conn.principal.sessionIdHash)) conn.close(CloseCode.SESSION_ENDED, "session expired");
    } catch (error) {
      o.log.warn({ err: (error as Error).message }, "collab: session sweep failed");
    }
  }, o.intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
