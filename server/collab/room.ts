import type { Logger } from "pino";
import * as Y from "yjs";
import { CloseCode } from "../../app/lib/collab-protocol";
import { applyChecked, hasPending, MISSING_HISTORY } from "../../common/ydoc/ydoc-state";
import { SharedFrame, type Connection } from "./connection";
import type { CollabLimits } from "./limits";
import type { CollabMetrics } from "./metrics";
import { RoomPresence } from "./presence";
import { decodeClientMessage, ProtocolError, syncStep1Frame, syncStep2Frame, updateFrame } from "./protocol";
import type { CollabRelay } from "./relay";

/** An update integrated in memory, waiting to be committed. */
export interface StagedUpdate {
  data: Uint8Array;
  /** The connection it came from (not echoed back to it), or null for server-side edits. */
  sender: Connection | null;
  userId: string | null;
}

export interface RoomDeps {
  limits: CollabLimits;
  metrics: CollabMetrics;
  log: Logger;
  relay: CollabRelay;
  /** Asks for flushInbox at the end of the turn: it applies and relays what arrived, then the writer commits it. */
  scheduleInbox(room: Room): void;
  /** Asks the writer to commit this room's staged updates at the end of the turn. */
  scheduleWrite(room: Room): void;
  /** Asks the writer to compact this room's log. */
  scheduleCompaction(room: Room): void;
  /** Schedules the debounced last-edited / plain-text write. */
  scheduleMeta(room: Room): void;
  /**
   * Several instances write this document's log (a relay joins them): the room then records which
   * log rows its copy holds, so a compaction reads only the rows it lacks.
   */
  sharedLog: boolean;
  /** The last connection left. */
  onIdle(room: Room): void;
  /** The room dropped itself (a failed commit): forget it, the next join loads it afresh. */
  onFailed(room: Room): void;
}

/** Origin of a server-side edit (restoring a version…), made on behalf of a user or of nobody. */
class ServerOrigin {
  constructor(readonly userId: string | null) {}
}

/** Origin of updates that another instance already stored (relayed, not stored again). */
export const REMOTE_ORIGIN = Symbol("remote");

const merge = (parts: Uint8Array[]) => (parts.length === 1 ? parts[0] : Y.mergeUpdates(parts));

/** With more distinct senders than this in one turn, senders get their own edits back (harmless). */
const MAX_EXCLUSIVE_FRAMES = 8;

/**
 * One loaded document: its Y.Doc, its connections and presence. Every accepted update is
 * integrated and relayed to the room's clients in the turn it arrived in (merged into one frame per
 * turn, never echoed to its sender), and staged for the writer, whose group commit runs beside the
 * relay. Replies that reveal durable state wait for the commits staged before them: sync step 2
 * (the author's "saved"), durableState (pages, exports, publishing), and the publication to other
 * instances (which carries the rows' seqs). Server-side edits are relayed after their commit.
 */
export class Room {
  readonly conns = new Set<Connection>();
  /** Who is here: presence states, stamped, rate-limited and relayed (see presence.ts). */
  readonly presence: RoomPresence;
  /** Durable state of the log: highest stored seq, rows and bytes since the last compaction. */
  lastSeq: number;
  tailCount: number;
  tailBytes: number;
  lastEdit: { at: string; by: string | null } | null = null;
  /** What extracting the plain text last cost, and when (performance.now()). */
  plainTextCostMs = 0;
  plainTextAt = 0;
  /** Shared log only: seqs of the log rows this copy holds (committed here, relayed, or loaded). */
  readonly knownSeqs = new Set<number>();
  /** The stored snapshot this copy was loaded from or last wrote (see snapshotStamp in db/queries). */
  snapshotStamp: string | null;
  /** What this document's last compaction on the event loop cost (encoding it, its plain text), in ms. */
  compactLoopMs = 0;
  /** Set when the room is unloaded or failed: no more work is accepted. */
  gone = false;
  unloadTimer: NodeJS.Timeout | undefined;
  metaTimer: NodeJS.Timeout | undefined;

  private staged: StagedUpdate[] = [];
  /** Integrated this turn and not yet relayed to local clients (relayed at the end of the turn). */
  private unsent: StagedUpdate[] = [];
  /** Sync step 1s that arrived behind updates still in the inbox: answered once those are integrated. */
  private afterInbox: (() => void)[] = [];
  /** Inside flushInbox, which relays what it integrates. */
  private flushing = false;
  /** When the oldest update in `staged` was staged (performance.now()). */
  private stagedSince = 0;
  /** Updates relayed from other instances, sent to local clients with the end-of-turn fan-out. */
  private remote: Uint8Array[] = [];
  private appliedGen = 0;
  private durableGen = 0;
  private waiting: { gen: number; run: () => void; fail?: (error: Error) => void }[] = [];
  private fullStateFrame: Uint8Array | null = null;
  /** The stored snapshot the document was loaded from alone: the full state, already encoded. */
  private loadedState: Uint8Array | null;
  /** Updates received this turn, per connection, waiting for flushInbox at the end of the turn. */
  private inbox = new Map<Connection, Uint8Array[]>();

  constructor(
    readonly documentId: string,
    readonly coalitionId: string,
    readonly doc: Y.Doc,
    loaded: { lastSeq: number; tailCount: number; tailBytes: number; fullState?: Uint8Array | null; tailSeqs?: number[]; snapshotStamp?: string | null },
    private readonly deps: RoomDeps,
  ) {
    this.presence = new RoomPresence({ documentId, conns: this.conns, limits: deps.limits, metrics: deps.metrics, log: deps.log, relay: deps.relay, gone: () => this.gone });
    this.loadedState = loaded.fullState ?? null;
    this.snapshotStamp = loaded.snapshotStamp ?? null;
    if (deps.sharedLog) for (const seq of loaded.tailSeqs ?? []) this.knownSeqs.add(seq);
    this.lastSeq = loaded.lastSeq;
    this.tailCount = loaded.tailCount;
    this.tailBytes = loaded.tailBytes;
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      this.fullStateFrame = null;
      this.loadedState = null;
      if (origin === REMOTE_ORIGIN) return;
      const sender = origin && typeof origin === "object" && "principal" in origin ? (origin as Connection) : null;
      const userId = sender ? sender.principal.userId : origin instanceof ServerOrigin ? origin.userId : null;
      if (!this.staged.length) this.stagedSince = performance.now();
      const item = { data: update, sender, userId };
      this.staged.push(item);
      this.appliedGen++;
      deps.scheduleWrite(this);
      // A client's edit is relayed at the end of this turn (by flushInbox itself when integrated
      // there). A server-side edit (restoring a version…) waits for its commit: its caller is told
      // when it failed, so nobody may have seen it then.
      if (!sender) return;
      this.unsent.push(item);
      if (!this.flushing) deps.scheduleInbox(this);
    });
  }

  /** True when every integrated update is committed. */
  get settled(): boolean {
    return this.appliedGen === this.durableGen && this.staged.length === 0 && this.inbox.size === 0 && this.remote.length === 0 && this.unsent.length === 0;
  }

  addConnection(conn: Connection): void {
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = undefined;
    this.conns.add(conn);
    conn.onClosed(() => this.removeConnection(conn));
    conn.ws.on("message", (data, isBinary) => {
      try {
        this.onMessage(conn, data as Buffer, isBinary);
      } catch (error) {
        // Whatever a client sends must never take the process down: refuse it and carry on.
        this.refuse(conn, "internal-error", CloseCode.INVALID_UPDATE, error instanceof Error ? error.message : String(error));
      }
    });
    // Ask a writer for what it has that we lack (offline edits); observers' answers would be dropped.
    if (!conn.readOnly) conn.send(syncStep1Frame(Y.encodeStateVector(this.doc)));
    this.presence.greet(conn);
  }

  private removeConnection(conn: Connection): void {
    if (!this.conns.delete(conn)) return;
    this.presence.leave(conn);
    if (this.conns.size === 0) this.deps.onIdle(this);
  }

  private onMessage(conn: Connection, data: Buffer, isBinary: boolean): void {
    if (conn.closed || this.gone) return;
    const { metrics, limits } = this.deps;
    metrics.bytesIn += data.byteLength;
    if (data.byteLength > limits.maxMessageBytes) return this.refuse(conn, "message-too-large", CloseCode.MESSAGE_TOO_LARGE, `message of ${data.byteLength} bytes`);
    if (!conn.messages.take() || !conn.bytes.take(data.byteLength)) return this.refuse(conn, "rate-limited", CloseCode.RATE_LIMITED, "rate limit");
    if (!isBinary) return this.refuse(conn, "malformed", CloseCode.MALFORMED_MESSAGE, "text frame");
    let message;
    try {
      message = decodeClientMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), limits.maxAwarenessStateBytes);
    } catch (error) {
      const why = error instanceof ProtocolError ? error.message : "undecodable";
      return this.refuse(conn, "malformed", CloseCode.MALFORMED_MESSAGE, why);
    }
    switch (message.kind) {
      case "sync-step1":
        return this.answerStep1(conn, message.stateVector);
      case "sync-step2":
      case "update":
        return this.receiveUpdate(conn, message.update);
      case "awareness":
        return this.presence.receive(conn, message.entries);
      case "query-awareness":
        return this.presence.answerQuery(conn);
    }
  }

  private refuse(conn: Connection, reason: string, code: number, detail: string): void {
    this.deps.metrics.refuse(reason);
    this.deps.log.warn({ documentId: this.documentId, userId: conn.principal.userId, reason, detail }, "collab: message refused");
    conn.close(code, reason);
  }

  private answerStep1(conn: Connection, stateVector: Uint8Array): void {
    // Updates from this connection still in the inbox came before this probe: answer once they are
    // integrated, so the answer (the client's "saved") waits for their commit too.
    if (this.inbox.has(conn)) return void this.afterInbox.push(() => !conn.closed && this.answerStep1(conn, stateVector));
    let sv: Map<number, number>;
    try {
      sv = Y.decodeStateVector(stateVector);
    } catch {
      return this.refuse(conn, "malformed", CloseCode.MALFORMED_MESSAGE, "bad state vector");
    }
    let frame: Uint8Array;
    // A new client (empty state vector) gets the whole state: when the document is exactly the
    // stored snapshot, its bytes are that state (no re-encoding of a large document on a cold load).
    if (sv.size === 0) frame = this.fullStateFrame ??= syncStep2Frame(this.loadedState ?? Y.encodeStateAsUpdate(this.doc));
    else frame = syncStep2Frame(Y.encodeStateAsUpdate(this.doc, stateVector));
    this.whenDurable(() => conn.send(frame));
  }

  private receiveUpdate(conn: Connection, update: Uint8Array): void {
    if (conn.readOnly) return void this.deps.metrics.refuse("read-only");
    try {
      Y.decodeUpdate(update); // decodes every struct and the delete set without touching the document
    } catch (error) {
      return this.refuse(conn, "invalid-update", CloseCode.INVALID_UPDATE, error instanceof Error ? error.message : "undecodable update");
    }
    this.deps.metrics.updatesIn++;
    let queue = this.inbox.get(conn);
    if (!queue) this.inbox.set(conn, (queue = []));
    queue.push(update);
    this.deps.scheduleInbox(this);
  }

  /**
   * Applies the updates received during one event-loop turn and relays them at once (see relayTurn):
   * each connection's in ONE Yjs transaction, so the room stages one update per sender per turn, encoded by Yjs from the
   * transaction (linear in its size), instead of hundreds of small ones to merge at fan-out
   * (Y.mergeUpdates over many small updates is superlinear). Each update is still checked on its
   * own: the first one refused closes its connection and the rest of its queue is dropped.
   */
  flushInbox(): void {
    const inbox = this.inbox;
    this.inbox = new Map();
    if (this.gone) return;
    this.flushing = true;
    try {
      this.applyInbox(inbox);
    } finally {
      this.flushing = false;
    }
    this.relayTurn();
    for (const answer of this.afterInbox.splice(0)) answer();
  }

  private applyInbox(inbox: Map<Connection, Uint8Array[]>): void {
    for (const [conn, updates] of inbox) {
      // Demoted (or the document archived) after these arrived: they are refused like any later ones.
      if (conn.readOnly) {
        this.deps.metrics.refuse("read-only");
        continue;
      }
      let reason: string | null = null;
      this.doc.transact(() => {
        for (const update of updates) if ((reason = applyChecked(this.doc, update, conn))) return;
      }, conn);
      if (reason) this.refuse(conn, reason === MISSING_HISTORY ? "missing-history" : "invalid-update", CloseCode.INVALID_UPDATE, reason);
    }
  }

  /**
   * Sends what this turn integrated (local edits, server-side edits, other instances' updates) to
   * the room's clients now, before and beside its commit: relaying waits for nothing. An edit lost
   * by a crash before its commit is still held by its author (unsaved: its sync step 1 is not
   * answered) and by every writer that received it, and goes back in when they reconnect.
   */
  private relayTurn(): void {
    if (!this.unsent.length && !this.remote.length) return;
    const items = this.unsent;
    const remote = this.remote;
    this.unsent = [];
    this.remote = [];
    this.fanOut(items, remote);
  }

  /**
   * A server-side edit (e.g. restoring a version): integrated like a client's, resolved once
   * committed and relayed. Throws (without storing) when it cannot be applied whole.
   */
  applyServerUpdate(update: Uint8Array, userId: string | null): Promise<void> {
    if (this.gone) return Promise.reject(new Error("document unloaded"));
    Y.decodeUpdate(update);
    const reason = applyChecked(this.doc, update, new ServerOrigin(userId));
    if (reason) return Promise.reject(new Error(`update refused: ${reason}`));
    return new Promise((resolve, reject) => this.whenDurable(resolve, reject));
  }

  /**
   * Applies an update another instance already stored (the rows `seqs`). Local clients get it with
   * the end-of-turn fan-out, in the same frame as this instance's own edits of the turn (one frame
   * per client per turn, however many instances the edits came through); clients ignore whatever
   * of it they already have.
   */
  applyRemoteUpdate(update: Uint8Array, seqs?: number[]): void {
    if (this.gone) return;
    Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
    // Parts waiting for history this copy lacks: leave those rows to be read again by a compaction.
    if (seqs && this.deps.sharedLog && !hasPending(this.doc)) for (const seq of seqs) this.knownSeqs.add(seq);
    this.remote.push(update);
    this.deps.scheduleInbox(this);
  }

  /** Applies a stored state read back from the database (after a relay outage); relays only what was new. */
  catchUp(state: Uint8Array): void {
    if (this.gone) return;
    const before = Y.encodeStateVector(this.doc);
    Y.applyUpdate(this.doc, state, REMOTE_ORIGIN);
    this.relayCatchUp(before);
  }

  /** Sends local clients whatever the document gained since `before` (a state vector) without them. */
  relayCatchUp(before: Uint8Array): void {
    if (this.gone) return;
    const diff = Y.encodeStateAsUpdate(this.doc, before);
    if (diff.byteLength <= 2) return; // an empty update
    const frame = updateFrame(diff);
    this.whenDurable(() => this.broadcast(frame, null));
  }

  /**
   * The document as it is now, handed over once everything integrated so far is committed: what
   * readers outside the websocket (page renders, exports, publishing) get, so they never see an edit
   * that is not stored yet. Rejects when the room fails first (the caller then reads the database).
   */
  durableState(): Promise<Uint8Array> {
    if (this.gone) return Promise.reject(new Error("document unloaded"));
    const state = this.loadedState ?? Y.encodeStateAsUpdate(this.doc);
    return new Promise((resolve, reject) => this.whenDurable(() => resolve(state), reject));
  }

  private whenDurable(run: () => void, fail?: (error: Error) => void): void {
    if (this.appliedGen === this.durableGen) run();
    else this.waiting.push({ gen: this.appliedGen, run, fail });
  }

  /** The writer takes the staged updates (the generation they bring the room to, and when the oldest was staged). */
  takeStaged(): { items: StagedUpdate[]; gen: number; since: number } {
    const items = this.staged;
    this.staged = [];
    return { items, gen: this.appliedGen, since: this.stagedSince };
  }

  /**
   * Called by the writer once `items` are committed with `seqs` (they were relayed to local clients
   * already): publish them to other instances, release the replies waiting for them.
   */
  markDurable(items: StagedUpdate[], seqs: number[], gen: number): void {
    this.durableGen = gen;
    if (seqs.length) this.lastSeq = Math.max(this.lastSeq, seqs[seqs.length - 1]);
    if (this.deps.sharedLog) for (const seq of seqs) this.knownSeqs.add(seq);
    this.tailCount += items.length;
    for (const item of items) this.tailBytes += item.data.byteLength;
    if (items.length) {
      this.lastEdit = { at: new Date().toISOString(), by: items[items.length - 1].userId };
      this.deps.scheduleMeta(this);
    }
    // Other instances get committed updates only, with their rows' seqs (their compactions read
    // back just the rows they never received). A single instance (no shared log) has nobody to publish to.
    if (items.length && this.deps.sharedLog) this.deps.relay.publish(this.documentId, { kind: "update", data: merge(items.map((i) => i.data)), seqs });
    const serverEdits = items.filter((i) => i.sender === null);
    if (serverEdits.length) this.fanOut(serverEdits, []);
    while (this.waiting.length && this.waiting[0].gen <= this.durableGen) this.waiting.shift()!.run();
    const { limits } = this.deps;
    if (this.tailCount >= limits.compactMaxUpdates || this.tailBytes >= limits.compactMaxBytes) this.deps.scheduleCompaction(this);
  }

  /**
   * Sends this turn's local updates and updates relayed from other instances (never published
   * again) to local clients: one frame per client, without the client's own edits.
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
      this.deps.metrics.updatesOut++;
      sender.send(updateFrame(merge(others)));
    }
  }

  private broadcast(payload: Uint8Array, except: Set<Connection> | null): void {
    const frame = new SharedFrame(payload);
    for (const conn of this.conns) {
      if (except?.has(conn)) continue;
      this.deps.metrics.updatesOut++;
      conn.send(frame);
    }
  }

  /** Presence from another instance: relayed to local clients as is (it was stamped there). */
  relayRemoteAwareness(frame: Uint8Array): void {
    this.presence.relayRemote(frame);
  }

  /** A commit failed: memory is ahead of storage, so drop this copy; clients reconnect and resync. */
  fail(error: Error): void {
    if (this.gone) return;
    this.gone = true;
    this.remote = [];
    this.unsent = [];
    this.afterInbox = [];
    this.deps.log.error({ documentId: this.documentId, err: error.message }, "collab: write failed, document dropped from memory");
    for (const w of this.waiting.splice(0)) w.fail?.(error);
    this.closeAll(CloseCode.DOCUMENT_RELOADED, "storage error");
    this.deps.onFailed(this);
  }

  closeAll(code: number, reason: string): void {
    for (const conn of [...this.conns]) conn.close(code, reason);
  }

  /** Connections of one user (role changes and logouts). */
  connectionsOf(userId: string): Connection[] {
    return [...this.conns].filter((c) => c.principal.userId === userId);
  }
}
