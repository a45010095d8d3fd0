import { CloseCode } from "../../app/lib/collab-protocol";
import { systemClock, type Clock } from "./ports";

/** Timers cannot wait longer than this (about 24.8 days); longer waits are taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Ends a connection when its session does: at the expiry known when the socket opened, the
 * session's row is read again; a session extended meanwhile (any page load extends it) is waited
 * for anew, an expired or deleted one closes the socket with SESSION_ENDED. When the read fails,
 * it is tried again after `retryMs`. Returns a function that stops watching (call it on close).
 */
export function watchSessionExpiry(
  conn: { readonly closed: boolean; close(code: number, reason: string): void },
  expiresAt: Date,
  lookup: () => Promise<Date | null>,
  retryMs: number,
  clock: Clock = systemClock,
): () => void {
  const now = () => clock.now().getTime();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const arm = (at: number) => {
    if (stopped) return;
    timer = setTimeout(() => void check(at), Math.min(Math.max(0, at - now()), MAX_TIMER_MS));
    timer.unref?.();
  };
  const check = async (at: number) => {
    if (stopped || conn.closed) return;
    if (now() < at) return arm(at); // a wait longer than one timer allows
    let next: Date | null;
    try {
      next = await lookup();
    } catch {
      return arm(now() + retryMs);
    }
    if (stopped || conn.closed) return;
    if (next && next.getTime() > now()) return arm(next.getTime());
    conn.close(CloseCode.SESSION_ENDED, "session expired");
  };
  arm(expiresAt.getTime());
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
