import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { WebSocketServer, type WebSocket } from "ws";
import { CloseCode, parseCollabPath } from "../../app/lib/collab-protocol";
import { Connection, type Principal } from "./connection";
import type { ClusterConnectionCounter, CollabLimits, ConnectionCounts } from "./limits";
import type { CollabMetrics } from "./metrics";
import type { Authorizer, Clock } from "./ports";
import { KeyedBuckets } from "./handshake-limits";
import type { Room } from "./room";
import { watchSessionExpiry } from "./session-expiry";

/** What the upgrade handler needs from the server that composes it (index.ts). */
export interface UpgradeDeps {
  authorizer: Authorizer;
  clock: Clock;
  log: Logger;
  metrics: CollabMetrics;
  limits: CollabLimits;
  /** This instance's sockets per user and per document. */
  counts: ConnectionCounts;
  /** With several instances: the counts over all of them. */
  connections?: ClusterConnectionCounter;
  /** The loaded room, loading it once however many ask. */
  getRoom(documentId: string, coalitionId: string): Promise<Room>;
  /** Every accepted socket, until it closes (the graceful close waits for them). */
  sockets: Set<WebSocket>;
  isClosing(): boolean;
  /** The client's address as the HTTP side sees it (req.ip under TRUST_PROXY), for the handshake limit per address. */
  clientAddress(req: IncomingMessage): string;
}

/** Writes a plain HTTP refusal on a socket that never becomes a websocket. */
function refuseUpgrade(socket: Duplex, status: number, body: string, headers: Record<string, string> = {}): void {
  if (!socket.writable) return void socket.destroy();
  socket.once("finish", () => socket.destroy());
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join("");
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n${extra}` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * The handshake of `/collab/:documentId`: authorises the upgrade (refusals are plain HTTP answers,
 * no socket), applies the connection limits (past them: accepted only to close with
 * TOO_MANY_CONNECTIONS), loads the document and hands the socket to its room. Handshakes are
 * rate-limited per client address (before the session is read) and per account (once it is
 * known): past either, HTTP 429 with Retry-After and no socket.
 */
export function createUpgradeHandler(deps: UpgradeDeps): (req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void> {
  const { authorizer, clock, log, metrics, limits, counts, connections, getRoom, sockets } = deps;
  // ws refuses frames past maxPayload itself (1009) before buffering them; between the limit and
  // that hard bound the room answers MESSAGE_TOO_LARGE.
  const perAddress = new KeyedBuckets(limits.handshakeAddressPerSecond, limits.handshakeAddressBurst);
  const perAccount = new KeyedBuckets(limits.handshakeAccountPerSecond, limits.handshakeAccountBurst);
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes * 2 + 1024, perMessageDeflate: false, clientTracking: false });

  /** A socket that passed every check joins its room. */
  function accept(ws: WebSocket, room: Room, principal: Principal, release: () => void): void {
    sockets.add(ws);
    ws.once("close", () => sockets.delete(ws));
    const conn = new Connection(ws, principal, limits, metrics, log);
    metrics.connections++;
    metrics.connectionsTotal++;
    room.addConnection(conn);
    // The socket ends when its session does (the sweep catches rows deleted directly).
    const stopWatching = watchSessionExpiry(conn, principal.sessionExpiresAt, () => authorizer.sessionExpiry(principal.sessionIdHash), limits.sessionCheckMs, clock);
    conn.onClosed(() => {
      stopWatching();
      metrics.connections--;
      release();
    });
    log.info({ documentId: principal.documentId, userId: principal.userId, readOnly: conn.readOnly }, "collab: connected");
  }

  return async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on("error", () => socket.destroy());
    const refuse = (status: number, reason: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>) => {
      metrics.refuse(`upgrade-${status}-${reason}`);
      log.info({ status, reason, url: req.url, ...extra }, "collab: upgrade refused");
      refuseUpgrade(socket, status, STATUS_CODES[status] ?? "Refused", headers);
    };
    const tooMany = (reason: string, wait: number, extra: Record<string, unknown>) => refuse(429, reason, extra, { "Retry-After": String(wait) });
    const documentId = parseCollabPath((req.url ?? "").split("?")[0]);
    if (!documentId) return refuse(404, "bad-path");
    if (deps.isClosing()) return refuse(503, "shutting-down");
    const address = deps.clientAddress(req);
    const addressWait = perAddress.take(address);
    if (addressWait) return tooMany("handshakes-per-address", addressWait, { address });
    let principal: Principal;
    try {
      const decision = await authorizer.authorize(req, documentId);
      if (!decision.ok) return refuse(decision.status, decision.reason, { documentId, userId: decision.userId });
      principal = decision.principal;
      const accountWait = perAccount.take(principal.userId);
      if (accountWait) return tooMany("handshakes-per-account", accountWait, { documentId, userId: principal.userId });
    } catch (error) {
      log.error({ err: (error as Error).message, documentId }, "collab: authorisation failed");
      return refuse(500, "error");
    }
    if (socket.destroyed) return;

    let over: "user" | "document" | null =
      (counts.users.get(principal.userId) ?? 0) >= limits.maxConnectionsPerUser ? "user" : (counts.documents.get(documentId) ?? 0) >= limits.maxConnectionsPerDocument ? "document" : null;
    const countHere = (delta: number) => counts.add(principal.userId, documentId, delta);
    // Counted here first (so concurrent upgrades see it), then, with several instances, across all of them.
    if (!over) {
      countHere(1);
      if (connections) {
        over = await connections.acquire(principal.userId, documentId, { perUser: limits.maxConnectionsPerUser, perDocument: limits.maxConnectionsPerDocument });
        if (over) countHere(-1);
      }
    }
    if (over) {
      // Accepted only to say why with a close code the provider does not retry.
      const reason = `too-many-connections-${over}`;
      metrics.refuse(reason);
      log.warn({ documentId, userId: principal.userId, reason }, "collab: connection refused");
      if (socket.destroyed) return;
      return void wss.handleUpgrade(req, socket, head, (ws) => ws.close(CloseCode.TOO_MANY_CONNECTIONS, reason));
    }
    const release = () => {
      countHere(-1);
      connections?.release(principal.userId, documentId);
    };
    if (socket.destroyed) return release();

    let room: Room;
    try {
      room = await getRoom(documentId, principal.coalitionId);
    } catch (error) {
      release();
      log.error({ err: (error as Error).message, documentId }, "collab: document failed to load");
      return refuse(500, "load-failed");
    }
    if (socket.destroyed) return release();
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (deps.isClosing() || room.gone) {
        release();
        return ws.close(deps.isClosing() ? CloseCode.SERVER_RESTARTING : CloseCode.DOCUMENT_RELOADED, "try again");
      }
      try {
        accept(ws, room, principal, release);
      } catch (error) {
        log.error({ err: (error as Error).message, documentId }, "collab: accepting a connection failed");
        ws.terminate();
      }
    });
  };
}
