import * as Y from "yjs";
import { CloseCode } from "../../app/lib/collab-protocol";
import { applyChecked, MISSING_HISTORY } from "../../common/ydoc/ydoc-state";
import type { Connection } from "./connection";
import { decodeClientMessage, permissionDeniedFrame, ProtocolError, syncStep1Frame, syncStep2Frame } from "./protocol";
import type { Room, RoomDeps } from "./room";
import type { UpdateFlow } from "./room-updates";

/**
 * A room's intake of client messages: each frame is checked (size, rate, decoding) and handled;
 * updates wait in a per-connection queue until the end of the event-loop turn, when flush applies
 * them (one transaction per sender) and relays them; a sync step 1 behind queued updates of its
 * connection is answered after them. The room (room.ts) holds the document and its connections.
 */
export class RoomInbox {
  /** Updates received this turn, per connection, waiting for flush at the end of the turn. */
  private queues = new Map<Connection, Uint8Array[]>();
  /** Sync step 1s that arrived behind updates still in the inbox: answered once those are integrated. */
  private afterInbox: (() => void)[] = [];
  /** Inside flush, which relays what it integrates. */
  flushing = false;

  constructor(
    private readonly room: Room,
    private readonly flow: UpdateFlow,
    private readonly deps: RoomDeps,
  ) {}

  get empty(): boolean {
    return this.queues.size === 0;
  }

  /** The room failed: queued answers are dropped. */
  clear(): void {
    this.afterInbox = [];
  }

  /** One frame from a client: checked against the limits, decoded, and handled. */
  receive(conn: Connection, data: Buffer, isBinary: boolean): void {
    if (conn.closed || this.room.gone) return;
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
        return this.receiveUpdate(conn, message.update, message.kind);
      case "awareness":
        return this.room.presence.receive(conn, message.entries);
      case "query-awareness":
        return this.room.presence.answerQuery(conn);
    }
  }

  /** Closes a connection whose message broke a rule, counted and logged. */
  refuse(conn: Connection, reason: string, code: number, detail: string): void {
    this.deps.metrics.refuse(reason);
    this.deps.log.warn({ documentId: this.room.documentId, userId: conn.principal.userId, reason, detail }, "collab: message refused");
    conn.close(code, reason);
  }

  private answerStep1(conn: Connection, stateVector: Uint8Array): void {
    // Updates from this connection still in the inbox came before this probe: answer once they are
    // integrated, so the answer (the client's "saved") waits for their commit too.
    if (this.queues.has(conn)) return void this.afterInbox.push(() => !conn.closed && this.answerStep1(conn, stateVector));
    let sv: Map<number, number>;
    try {
      sv = Y.decodeStateVector(stateVector);
    } catch {
      return this.refuse(conn, "malformed", CloseCode.MALFORMED_MESSAGE, "bad state vector");
    }
    let frame: Uint8Array;
    // A new client (empty state vector) gets the whole state (encoded once per change, see Room.fullStateFrame).
    if (sv.size === 0) frame = this.room.fullStateFrame();
    else frame = syncStep2Frame(Y.encodeStateAsUpdate(this.room.doc, stateVector));
    this.flow.whenDurable(() => conn.send(frame));
  }

  private receiveUpdate(conn: Connection, update: Uint8Array, kind: "sync-step2" | "update"): void {
    if (conn.readOnly) return this.denyWrite(conn, kind);
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      decoded = Y.decodeUpdate(update); // decodes every struct and the delete set without touching the document
    } catch (error) {
      return this.refuse(conn, "invalid-update", CloseCode.INVALID_UPDATE, error instanceof Error ? error.message : "undecodable update");
    }
    this.room.authors.note(conn.principal.userId, decoded.structs);
    this.deps.metrics.updatesIn++;
    let queue = this.queues.get(conn);
    if (!queue) this.queues.set(conn, (queue = []));
    queue.push(update);
    this.deps.scheduleInbox(this.room);
  }

  /**
   * A read-only connection tried to write: nothing is applied; it is told so with y-protocols'
   * permission-denied auth message, and an update is answered with a sync step 1 as well, so the
   * client can reconcile its state (its answer, a sync step 2, is denied without another step 1:
   * no loop).
   */
  private denyWrite(conn: Connection, kind: "sync-step2" | "update"): void {
    this.deps.metrics.refuse("read-only");
    conn.send(permissionDeniedFrame("read-only"));
    if (kind === "update") conn.send(syncStep1Frame(Y.encodeStateVector(this.room.doc)));
  }

  /**
   * Applies the updates received during one event-loop turn and relays them at once (see UpdateFlow.relayTurn):
   * each connection's in ONE Yjs transaction, so the room stages one update per sender per turn, encoded by Yjs from the
   * transaction (linear in its size), instead of hundreds of small ones to merge at fan-out
   * (Y.mergeUpdates over many small updates is superlinear). Each update is still checked on its
   * own: the first one refused closes its connection and the rest of its queue is dropped.
   */
  flush(): void {
    const inbox = this.queues;
    this.queues = new Map();
    if (this.room.gone) return;
    this.flushing = true;
    try {
      this.apply(inbox);
    } finally {
      this.flushing = false;
    }
    this.flow.relayTurn();
    this.room.authors.flush((fn) => this.flow.whenDurable(fn, () => {}));
    for (const answer of this.afterInbox.splice(0)) answer();
  }

  private apply(inbox: Map<Connection, Uint8Array[]>): void {
    for (const [conn, updates] of inbox) {
      // Demoted (or the document archived) after these arrived: they are refused like any later ones.
      if (conn.readOnly) {
        this.deps.metrics.refuse("read-only");
        continue;
      }
      let reason: string | null = null;
      this.room.doc.transact(() => {
        for (const update of updates) if ((reason = applyChecked(this.room.doc, update, conn))) return;
      }, conn);
      if (reason) this.refuse(conn, reason === MISSING_HISTORY ? "missing-history" : "invalid-update", CloseCode.INVALID_UPDATE, reason);
    }
  }
}
