import type { Logger } from "pino";
import { RoomAwareness } from "./awareness";
import { SharedFrame, type Connection } from "./connection";
import type { CollabLimits } from "./limits";
import type { CollabMetrics } from "./metrics";
import { awarenessFrame, type AwarenessEntry } from "./protocol";
import type { CollabRelay } from "./relay";

export interface PresenceDeps {
  documentId: string;
  /** The room's open connections: every presence frame goes to all of them. */
  conns: Iterable<Connection>;
  limits: CollabLimits;
  metrics: CollabMetrics;
  log: Logger;
  relay: CollabRelay;
  /** The room was unloaded or failed: nothing more goes out. */
  gone(): boolean;
}

/**
 * The presence (awareness) of one loaded document: states bound to their connections and stamped
 * with the server's record of the user (RoomAwareness), rate-limited per connection, the changes of
 * one turn sent as one frame to every connection and published to other instances.
 */
export class RoomPresence {
  private readonly states = new RoomAwareness();
  /** Changes of this turn, the newest per client id, sent at the end of the turn. */
  private pending = new Map<number, AwarenessEntry>();
  private scheduled = false;
  /** Presence held back by the rate limit, per connection (see defer). */
  private deferred = new Map<Connection, AwarenessEntry[]>();
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: PresenceDeps) {}

  /** Every current state, stamped. */
  entries(): AwarenessEntry[] {
    return this.states.entries();
  }

  /** A joining connection gets everyone's current state. */
  greet(conn: Connection): void {
    if (this.states.size) conn.send(awarenessFrame(this.entries()));
  }

  /** The client asked for every state (query-awareness). */
  answerQuery(conn: Connection): void {
    conn.send(awarenessFrame(this.entries()));
  }

  /** A departing connection's states are removed for everyone, and what it had held back is dropped (no ghost cursor). */
  leave(conn: Connection): void {
    this.deferred.delete(conn);
    this.queue(this.states.removeOwner(conn));
  }

  /** An awareness message from a client. */
  receive(conn: Connection, entries: AwarenessEntry[]): void {
    const { metrics } = this.deps;
    metrics.awarenessIn++;
    if (this.states.isEcho(conn, entries)) return;
    if (!conn.awarenessRate.take()) {
      metrics.refuse("awareness-throttled");
      return this.defer(conn, entries);
    }
    this.deferred.delete(conn); // superseded by this newer state
    this.apply(conn, entries);
  }

  /** Presence from another instance: relayed to local clients as is (it was stamped there). */
  relayRemote(frame: Uint8Array): void {
    if (this.deps.gone()) return;
    this.send(frame);
  }

  private apply(conn: Connection, entries: AwarenessEntry[]): void {
    const { changed, refused } = this.states.apply(conn, entries);
    for (const r of refused) this.deps.metrics.refuse(r);
    if (refused.length) this.deps.log.warn({ documentId: this.deps.documentId, userId: conn.principal.userId, refused }, "collab: awareness entries refused");
    this.queue(changed);
  }

  /**
   * A connection over its presence rate: its states are held (the newest per client id) and applied
   * once the rate allows, so the last cursor position of a burst still reaches the others instead of
   * being dropped until the provider's next renewal.
   */
  private defer(conn: Connection, entries: AwarenessEntry[]): void {
    if (!(this.deps.limits.rateAwarenessPerSecond > 0)) return; // no presence at all is allowed: nothing to wait for
    const held = new Map((this.deferred.get(conn) ?? []).map((e) => [e.clientId, e]));
    for (const e of entries) if ((held.get(e.clientId)?.clock ?? -1) < e.clock) held.set(e.clientId, e);
    this.deferred.set(conn, [...held.values()]);
    this.retryLater();
  }

  /** Once one token has come back to a bucket. */
  private retryLater(): void {
    this.retryTimer ??= setTimeout(() => this.retry(), Math.ceil(1000 / this.deps.limits.rateAwarenessPerSecond));
  }

  private retry(): void {
    this.retryTimer = undefined;
    if (this.deps.gone()) return void this.deferred.clear();
    for (const [conn, entries] of this.deferred) {
      if (!conn.awarenessRate.take()) continue;
      this.deferred.delete(conn);
      this.apply(conn, entries);
    }
    if (this.deferred.size) this.retryLater();
  }

  /** Presence changes of one turn go out as one frame, to everyone (senders too: keeps the client's watchdog fed). */
  private queue(entries: AwarenessEntry[]): void {
    if (!entries.length) return;
    for (const e of entries) this.pending.set(e.clientId, e);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.deps.gone() || !this.pending.size) return;
      const frame = awarenessFrame(this.pending.values());
      this.pending.clear();
      this.send(frame);
      this.deps.relay.publish(this.deps.documentId, { kind: "awareness", frame });
    });
  }

  /** A presence frame to every connection, framed once. */
  private send(payload: Uint8Array): void {
    const frame = new SharedFrame(payload);
    for (const conn of this.deps.conns) conn.send(frame);
  }
}
