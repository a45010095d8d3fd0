import type { Logger } from "pino";
import type { WebSocket } from "ws";
import type { AwarenessOwner } from "./awareness";
import type { CollabLimits } from "./limits";
import { TokenBucket } from "./limits";
import type { CollabMetrics } from "./metrics";
import { CloseCode } from "../../app/lib/collab-protocol";

/** Who is on the other end of a connection, as established at the upgrade. */
export interface Principal {
  userId: string;
  name: string;
  color: string;
  sessionIdHash: string;
  sessionExpiresAt: Date;
  documentId: string;
  coalitionId: string;
  isSiteAdmin: boolean;
  /** Observers (and everyone on an archived document or coalition) read only. */
  readOnly: boolean;
}

/**
 * A message framed once as a websocket binary frame (server frames are unmasked, so the bytes are
 * the same for every socket) and then written as is to each socket it goes to: one write per socket
 * instead of ws framing it again for each (header, cork, two writes, uncork). Safe because the server
 * never compresses (perMessageDeflate: false), so ws itself writes every frame at once, in order.
 */
export class SharedFrame {
  readonly wire: Buffer;

  constructor(readonly payload: Uint8Array) {
    const n = payload.byteLength;
    const head = n < 126 ? 2 : n < 0x10000 ? 4 : 10;
    const wire = Buffer.allocUnsafe(head + n);
    wire[0] = 0x82; // FIN + binary
    if (n < 126) wire[1] = n;
    else if (n < 0x10000) {
      wire[1] = 126;
      wire.writeUInt16BE(n, 2);
    } else {
      wire[1] = 127;
      wire.writeUInt32BE(Math.floor(n / 2 ** 32), 2);
      wire.writeUInt32BE(n >>> 0, 6);
    }
    wire.set(payload, head);
    this.wire = wire;
  }
}

const OPEN = 1;

const CODE_NAMES = new Map<number, string>(Object.entries(CloseCode).map(([name, code]) => [code, name]));

/** One websocket to one document: rate limits, bounded sends, one close. */
export class Connection implements AwarenessOwner {
  readonly clientIds = new Set<number>();
  readonly userStamp: { id: string; name: string; color: string };
  readOnly: boolean;
  closed = false;
  readonly messages: TokenBucket;
  readonly bytes: TokenBucket;
  readonly awarenessRate: TokenBucket;
  /** When the server last heard from the peer (any frame or a pong), performance.now(); see liveness.ts. */
  lastHeardAt = performance.now();
  /** When the server sent the ping not answered yet, or null. */
  pingSentAt: number | null = null;
  /** When the server last sent a ping. */
  lastPingAt = performance.now();
  /** Called once when the connection ends, however it ends (see onClosed). */
  private closeListeners: ((conn: Connection) => void)[] = [];
  private drainCode: number | null = null;

  constructor(
    readonly ws: WebSocket,
    readonly principal: Principal,
    private readonly limits: CollabLimits,
    private readonly metrics: CollabMetrics,
    private readonly log: Logger,
  ) {
    this.readOnly = principal.readOnly;
    this.userStamp = { id: principal.userId, name: principal.name, color: principal.color };
    this.messages = new TokenBucket(limits.rateMessagesPerSecond, limits.rateMessagesBurst);
    this.bytes = new TokenBucket(limits.rateBytesPerSecond, limits.rateBytesBurst);
    this.awarenessRate = new TokenBucket(limits.rateAwarenessPerSecond, limits.rateAwarenessBurst);
    const heard = () => (this.lastHeardAt = performance.now());
    ws.on("message", heard);
    ws.on("pong", heard);
    ws.on("close", (code) => (this.drainCode === null ? this.ended(code, "client closed") : this.ended(this.drainCode, "drained", true)));
    ws.on("error", (error) => {
      this.log.info({ err: error.message, documentId: principal.documentId, userId: principal.userId }, "collab: socket error");
      this.close(CloseCode.MALFORMED_MESSAGE, "socket error");
    });
  }

  /**
   * Sends a frame unless the peer is not reading: a backlog past the limit closes the
   * connection (the client reconnects and resyncs) instead of growing memory.
   */
  send(frame: Uint8Array | SharedFrame): void {
    if (this.closed) return;
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      this.metrics.refuse("slow-reader");
      this.close(CloseCode.SLOW_READER, "slow reader");
      return;
    }
    if (frame instanceof SharedFrame) {
      const socket = (this.ws as unknown as { _socket?: { write(data: Buffer): boolean } })._socket;
      if (!socket) this.ws.send(frame.payload);
      else if (this.ws.readyState === OPEN) socket.write(frame.wire);
      else return; // closing: ws would not send it either
      frame = frame.payload;
    } else this.ws.send(frame);
    this.metrics.framesOut++;
    this.metrics.bytesOut += frame.byteLength;
  }

  /** Sends a websocket ping (the peer's pong, or any frame, answers it). */
  ping(): void {
    if (this.closed) return;
    this.pingSentAt = this.lastPingAt = performance.now();
    try {
      this.ws.ping();
    } catch {
      // Not open any more: the close event ends the connection.
    }
  }

  /** Closes with a close code (idempotent); the socket is terminated if the peer does not answer. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    try {
      this.ws.close(code, reason.slice(0, 120));
    } catch {
      this.ws.terminate();
    }
    setTimeout(() => this.ws.terminate(), 2000).unref();
    this.ended(code, reason, true);
  }

  /**
   * Starts a close handshake but keeps applying what the peer sent before it saw our close frame
   * (graceful shutdown: nothing a client sent is dropped); ends when the peer answers.
   */
  drain(code: number, reason: string): void {
    if (this.closed || this.drainCode !== null) return;
    this.drainCode = code;
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
  }

  private ended(code: number, reason: string, byServer = false): void {
    if (this.closed && !byServer) return;
    this.closed = true;
    const name = CODE_NAMES.get(code) ?? String(code);
    this.metrics.closed(byServer ? name : "CLIENT");
    const level = byServer && code !== CloseCode.NORMAL && code !== CloseCode.SERVER_RESTARTING ? "warn" : "info";
    this.log[level](
      { documentId: this.principal.documentId, userId: this.principal.userId, code, closeName: byServer ? name : undefined, reason, by: byServer ? "server" : "client" },
      "collab: disconnected",
    );
    for (const listener of this.closeListeners.splice(0)) listener(this);
  }

  /**
   * The close event: `listener` runs once when the connection ends, however it ends (at once when
   * it has ended already). Listeners run in the order they were added.
   */
  onClosed(listener: (conn: Connection) => void): void {
    if (this.closed) listener(this);
    else this.closeListeners.push(listener);
  }
}
