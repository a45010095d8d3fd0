import type { Logger } from "pino";
import * as Y from "yjs";
import { CloseCode } from "../../app/lib/collab-protocol";
import { applyChecked, hasPending } from "../../common/ydoc/ydoc-state";
import { SharedFrame, type Connection } from "./connection";
import { RoomAuthors, type AuthorClaim } from "./authorship";
import type { CollabLimits } from "./limits";
import type { CollabMetrics } from "./metrics";
import { RoomPresence } from "./presence";
import { RoomInbox } from "./room-inbox";
import { documentEventFrame, syncStep1Frame, syncStep2Frame, updateFrame, type DocumentEvent } from "./protocol";
import type { CollabRelay } from "./relay";
import { merge, UpdateFlow, type StagedUpdate } from "./room-updates";

export type { StagedUpdate } from "./room-updates";

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
  /** Ties client ids to the people who first sent items under them (see authorship.ts); never throws. */
  recordAuthors(documentId: string, claims: AuthorClaim[]): void;
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

/**
 * One loaded document: its Y.Doc, its connections and presence. Every accepted update is
 * integrated and relayed to the room's clients in the turn it arrived in (merged into one frame per
 * turn, never echoed to its sender), and staged for the writer, whose group commit runs beside the
 * relay. Replies that reveal durable state wait for the commits staged before them: sync step 2
 * (the author's "saved"), durableState (pages, exports, publishing), and the publication to other
 * instances (which carries the rows' seqs). Server-side edits are relayed after their commit.
 * The staging, the durability generations and the fan-out are room-updates.ts's UpdateFlow; this
 * class holds the document, its connections and messages, and its stored log's bookkeeping.
 */
export class Room {
  readonly conns = new Set<Connection>();
  /** Who is here: presence states, stamped, rate-limited and relayed (see presence.ts). */
  readonly presence: RoomPresence;
  /** Which person typed with which Yjs client (see authorship.ts). */
  readonly authors: RoomAuthors;
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

  /** Staged, unrelayed and remote updates, durability generations, fan-out. */
  private readonly flow: UpdateFlow;
  /** Inside flushInbox, which relays what it integrates. */
  private flushing = false;
  private cachedFullStateFrame: Uint8Array | null = null;
  /** The stored snapshot the document was loaded from alone: the full state, already encoded. */
  private loadedState: Uint8Array | null;
  /** Client messages: checks, the per-turn queues of updates, the sync step 1 answers. */
  private readonly inbox: RoomInbox;

  constructor(
    readonly documentId: string,
    readonly coalitionId: string,
    readonly doc: Y.Doc,
    loaded: { lastSeq: number; tailCount: number; tailBytes: number; fullState?: Uint8Array | null; tailSeqs?: number[]; snapshotStamp?: string | null },
    private readonly deps: RoomDeps,
  ) {
    this.flow = new UpdateFlow(this.conns, deps.metrics);
    this.inbox = new RoomInbox(this, this.flow, deps);
    this.authors = new RoomAuthors(documentId, deps.recordAuthors);
    this.presence = new RoomPresence({ documentId, conns: this.conns, limits: deps.limits, metrics: deps.metrics, log: deps.log, relay: deps.relay, gone: () => this.gone });
    this.loadedState = loaded.fullState ?? null;
    this.snapshotStamp = loaded.snapshotStamp ?? null;
    if (deps.sharedLog) for (const seq of loaded.tailSeqs ?? []) this.knownSeqs.add(seq);
    this.lastSeq = loaded.lastSeq;
    this.tailCount = loaded.tailCount;
    this.tailBytes = loaded.tailBytes;
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      this.cachedFullStateFrame = null;
      this.loadedState = null;
      if (origin === REMOTE_ORIGIN) return;
      const sender = origin && typeof origin === "object" && "principal" in origin ? (origin as Connection) : null;
      const userId = sender ? sender.principal.userId : origin instanceof ServerOrigin ? origin.userId : null;
      this.flow.stage({ data: update, sender, userId });
      deps.scheduleWrite(this);
      // A client's edit is relayed at the end of this turn (by flushInbox itself when integrated
      // there). A server-side edit (restoring a version…) waits for its commit: its caller is told
      // when it failed, so nobody may have seen it then.
      if (sender && !this.inbox.flushing) deps.scheduleInbox(this);
    });
  }

  /** True when every integrated update is committed. */
  get settled(): boolean {
    return this.flow.settled && this.inbox.empty;
  }

  addConnection(conn: Connection): void {
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = undefined;
    this.conns.add(conn);
    conn.onClosed(() => this.removeConnection(conn));
    conn.ws.on("message", (data, isBinary) => {
      try {
        this.inbox.receive(conn, data as Buffer, isBinary);
      } catch (error) {
        // Whatever a client sends must never take the process down: refuse it and carry on.
        this.inbox.refuse(conn, "internal-error", CloseCode.INVALID_UPDATE, error instanceof Error ? error.message : String(error));
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

  /**
   * Applies the updates received during this event-loop turn and relays them at once
   * (RoomInbox.flush); the writer calls it at the end of the turn.
   */
  flushInbox(): void {
    this.inbox.flush();
  }

  /** The sync step 2 carrying the whole document (for a client with nothing), encoded once per change. */
  fullStateFrame(): Uint8Array {
    // When the document is exactly the stored snapshot, its bytes are that state (no re-encoding of
    // a large document on a cold load).
    return (this.cachedFullStateFrame ??= syncStep2Frame(this.loadedState ?? Y.encodeStateAsUpdate(this.doc)));
  }

  /**
   * A server-side edit (e.g. restoring a version): integrated like a client's, resolved once
   * committed and relayed. Throws (without storing) when it cannot be applied whole.
   */
  applyServerUpdate(update: Uint8Array, userId: string | null): Promise<void> {
    if (this.gone) return Promise.reject(new Error("document unloaded"));
    const { structs } = Y.decodeUpdate(update);
    const reason = applyChecked(this.doc, update, new ServerOrigin(userId));
    if (reason) return Promise.reject(new Error(`update refused: ${reason}`));
    if (userId) {
      this.authors.note(userId, structs);
      this.authors.flush((fn) => this.flow.whenDurable(fn, () => {}));
    }
    return new Promise((resolve, reject) => this.flow.whenDurable(resolve, reject));
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
    this.flow.stageRemote(update);
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
    this.flow.whenDurable(() => this.flow.broadcast(frame, null));
  }

  /**
   * The document as it is now, handed over once everything integrated so far is committed: what
   * readers outside the websocket (page renders, exports, publishing) get, so they never see an edit
   * that is not stored yet. Rejects when the room fails first (the caller then reads the database).
   */
  durableState(): Promise<Uint8Array> {
    if (this.gone) return Promise.reject(new Error("document unloaded"));
    const state = this.loadedState ?? Y.encodeStateAsUpdate(this.doc);
    return new Promise((resolve, reject) => this.flow.whenDurable(() => resolve(state), reject));
  }

  /** The writer takes the staged updates (the generation they bring the room to, and when the oldest was staged). */
  takeStaged(): { items: StagedUpdate[]; gen: number; since: number } {
    return this.flow.takeStaged();
  }

  /**
   * Called by the writer once `items` are committed with `seqs` (they were relayed to local clients
   * already): publish them to other instances, release the replies waiting for them.
   */
  markDurable(items: StagedUpdate[], seqs: number[], gen: number): void {
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
    this.flow.committed(items, gen);
    const { limits } = this.deps;
    if (this.tailCount >= limits.compactMaxUpdates || this.tailBytes >= limits.compactMaxBytes) this.deps.scheduleCompaction(this);
  }

  /**
   * A document event (a restore, …) for every client of the room, as our message type 100 (see
   * protocol.ts's documentEventFrame); stock y-websocket clients ignore it.
   */
  announce(event: DocumentEvent): void {
    if (this.gone) return;
    const frame = new SharedFrame(documentEventFrame(event));
    for (const conn of this.conns) conn.send(frame);
  }

  /** Presence from another instance: relayed to local clients as is (it was stamped there). */
  relayRemoteAwareness(frame: Uint8Array): void {
    this.presence.relayRemote(frame);
  }

  /** A commit failed: memory is ahead of storage, so drop this copy; clients reconnect and resync. */
  fail(error: Error): void {
    if (this.gone) return;
    this.gone = true;
    this.inbox.clear();
    this.deps.log.error({ documentId: this.documentId, err: error.message }, "collab: write failed, document dropped from memory");
    this.flow.fail(error);
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
