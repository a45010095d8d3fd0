import * as Y from "yjs";
import { SharedFrame, type Connection } from "./connection";
import type { CollabMetrics } from "./metrics";
import { updateFrame } from "./protocol";

/** An update integrated in memory, waiting to be committed. */
export interface StagedUpdate {
  data: Uint8Array;
  /** The connection it came from (not echoed back to it), or null for server-side edits. */
  sender: Connection | null;
  userId: string | null;
}

export const merge = (parts: Uint8Array[]) => (parts.length === 1 ? parts[0] : Y.mergeUpdates(parts));

/** With more distinct senders than this in one turn, senders get their own edits back (harmless). */
const MAX_EXCLUSIVE_FRAMES = 8;

/**
 * A room's update bookkeeping, apart from its membership and lifecycle (room.ts): what is staged
 * for the writer, what this turn integrated and has not relayed yet, the durability generations
 * and the replies waiting on them, and the fan-out of updates to the room's connections.
 *
 * Each integrated update bumps the applied generation; a commit brings the durable generation up
 * to the one its updates reached. A reply that reveals durable state (sync step 2, durableState,
 * a server-side edit's caller) waits until the durable generation reaches the applied one it saw.
 */
export class UpdateFlow {
  private staged: StagedUpdate[] = [];
  /** Integrated this turn and not yet relayed to local clients (relayed at the end of the turn). */
  private unsent: StagedUpdate[] = [];
  /** Updates relayed from other instances, sent to local clients with the end-of-turn fan-out. */
  private remote: Uint8Array[] = [];
  /** When the oldest update in `staged` was staged (performance.now()). */
  private stagedSince = 0;
  private appliedGen = 0;
  private durableGen = 0;
  private waiting: { gen: number; run: () => void; fail?: (error: Error) => void }[] = [];

  constructor(
    private readonly conns: Set<Connection>,
    private readonly metrics: CollabMetrics,
  ) {}

  /** True when nothing integrated waits for its commit or its relay. */
  get settled(): boolean {
    return this.appliedGen === this.durableGen && this.staged.length === 0 && this.remote.length === 0 && this.unsent.length === 0;
  }

  /**
   * An update integrated in the document: staged for the writer; a client's is also relayed at the
   * end of this turn, a server-side edit (no sender) only after its commit (see committed).
   */
  stage(item: StagedUpdate): void {
    if (!this.staged.length) this.stagedSince = performance.now();
    this.staged.push(item);
    this.appliedGen++;
    if (item.sender) this.unsent.push(item);
  }

  /** An update another instance already stored: relayed with this turn's fan-out, never staged. */
  stageRemote(update: Uint8Array): void {
    this.remote.push(update);
  }

  /** The writer takes the staged updates (the generation they bring the room to, and when the oldest was staged). */
  takeStaged(): { items: StagedUpdate[]; gen: number; since: number } {
    const items = this.staged;
    this.staged = [];
    return { items, gen: this.appliedGen, since: this.stagedSince };
  }

  /** Runs `run` once everything integrated so far is committed (at once when it is); `fail` if the room fails first. */
  whenDurable(run: () => void, fail?: (error: Error) => void): void {
    if (this.appliedGen === this.durableGen) run();
    else this.waiting.push({ gen: this.appliedGen, run, fail });
  }

  /**
   * `items` are committed, bringing the room to generation `gen`: server-side edits among them are
   * relayed now (clients' were relayed already), and the replies waiting for them are released.
   */
  committed(items: StagedUpdate[], gen: number): void {
    this.durableGen = gen;
    const serverEdits = items.filter((i) => i.sender === null);
    if (serverEdits.length) this.fanOut(serverEdits, []);
    while (this.waiting.length && this.waiting[0].gen <= this.durableGen) this.waiting.shift()!.run();
  }

  /**
   * Sends what this turn integrated (local edits, other instances' updates) to the room's clients
   * now, before and beside its commit: relaying waits for nothing. An edit lost by a crash before
   * its commit is still held by its author (unsaved: its sync step 1 is not answered) and by every
   * writer that received it, and goes back in when they reconnect.
   */
  relayTurn(): void {
    if (!this.unsent.length && !this.remote.length) return;
    const items = this.unsent;
    const remote = this.remote;
    this.unsent = [];
    this.remote = [];
    this.fanOut(items, remote);
  }

  /** The room failed: nothing more is relayed, and every waiting reply hears of `error`. */
  fail(error: Error): void {
    this.remote = [];
    this.unsent = [];
    for (const w of this.waiting.splice(0)) w.fail?.(error);
  }

  /**
   * Sends local updates and updates relayed from other instances (never published again) to local
   * clients: one frame per client, without the client's own edits.
   */
  private fanOut(items: StagedUpdate[], remote: Uint8Array[]): void {
    const all = updateFrame(merge([...items.map((i) => i.data), ...remote]));
    const senders = new Set<Connection>();
    for (const i of items) if (i.sender && !i.sender.closed) senders.add(i.sender);
    if (senders.size > MAX_EXCLUSIVE_FRAMES) return this.broadcast(all, null);
    this.broadcast(all, senders);
    for (const sender of senders) {
      const others = [...items.filter((i) => i.sender !== sender).map((i) => i.data), ...remote];
      if (!others.length) continue;
      this.metrics.updatesOut++;
      sender.send(updateFrame(merge(others)));
    }
  }

  /** One frame to every connection of the room but `except`. */
  broadcast(payload: Uint8Array, except: Set<Connection> | null): void {
    const frame = new SharedFrame(payload);
    for (const conn of this.conns) {
      if (except?.has(conn)) continue;
      this.metrics.updatesOut++;
      conn.send(frame);
    }
  }
}
