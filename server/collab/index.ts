import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { WebSocketServer, type WebSocket } from "ws";
import { CloseCode, parseCollabPath } from "../../app/lib/collab-protocol";
import { revokeAccess } from "./access-revocation";
import { Connection, type Principal } from "./connection";
import { ConnectionCounts, DEFAULT_LIMITS, type ClusterConnectionCounter, type CollabLimits } from "./limits";
import { CollabMetrics, type CollabMetricsSnapshot } from "./metrics";
import { Writer } from "./persistence";
import { systemClock, type AccessEvents, type Authorizer, type Clock, type DocumentStore } from "./ports";
import { localRelay, type CollabRelay } from "./relay";
import { resyncRooms } from "./resync";
import { Room } from "./room";
import { watchSessionExpiry } from "./session-expiry";
import { startSessionSweep } from "./session-sweep";

/** The core's ports (see ports.ts) and its limits, all given by server/attach.ts. */
export interface CollabServerOptions {
  authorizer: Authorizer;
  store: DocumentStore;
  events: AccessEvents;
  /** Other instances (server/cluster); none by default. */
  relay?: CollabRelay;
  clock?: Clock;
  logger: Logger;
  /** Missing fields take DEFAULT_LIMITS (attach.ts passes collabLimitsFromConfig(config)). */
  limits?: Partial<CollabLimits>;
  /** Several instances: connection limits counted across all of them (else per instance), from this instance's counts. */
  connections?: (local: ConnectionCounts) => ClusterConnectionCounter;
}

/** What the app asks of the running server outside the websocket (app/models/collab-hook.server.ts). */
export interface CollabService {
  /** A server-side edit (restoring a version…): committed, then relayed and resolved (its caller hears of a failure, so nobody may have seen it). */
  applyUpdate(documentId: string, update: Uint8Array, userId: string | null): Promise<void>;
  /** The loaded document's state once every edit in it is committed; null when not loaded (read the database). */
  liveState(documentId: string): Promise<Uint8Array | null>;
  presence(documentId: string): { userId: string; name: string; color: string; readOnly: boolean }[];
  metrics(): CollabMetricsSnapshot;
}

export interface CollabServer {
  /** Handles an HTTP upgrade on /collab/:documentId: authorises, loads the document, accepts. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
  /** Graceful stop: commits what is staged, closes every socket with SERVER_RESTARTING. */
  close(): Promise<void>;
  metrics(): CollabMetricsSnapshot;
  readonly limits: CollabLimits;
  readonly service: CollabService;
}

/** Writes a plain HTTP refusal on a socket that never becomes a websocket. */
function refuseUpgrade(socket: Duplex, status: number, body: string): void {
  if (!socket.writable) return void socket.destroy();
  socket.once("finish", () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The collaboration server: rooms of loaded documents behind an authorising upgrade handler. */
export function createCollabServer(options: CollabServerOptions): CollabServer {
  const { authorizer, store, events } = options;
  const clock = options.clock ?? systemClock;
  const log = options.logger.child({ component: "collab" });
  const limits: CollabLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const relay = options.relay ?? localRelay;
  const metrics = new CollabMetrics();
  const shared = options.relay ? store.sharedLog : undefined;
  const writer = new Writer(store.writer, metrics, log, shared, limits.commitIntervalMs, limits.compactThreadMinMs);
  writer.onDocumentChanged = (documentId, coalitionId) => events.documentChanged(documentId, coalitionId);
  const rooms = new Map<string, Room>();
  const loading = new Map<string, Promise<Room>>();
  const counts = new ConnectionCounts();
  const connections = options.connections?.(counts);
  const sockets = new Set<WebSocket>();
  let closing = false;
  // ws refuses frames past maxPayload itself (1009) before buffering them; between the limit and
  // that hard bound the room answers MESSAGE_TOO_LARGE.
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes * 2 + 1024, perMessageDeflate: false, clientTracking: false });

  const roomDeps = {
    limits,
    metrics,
    log,
    relay,
    sharedLog: Boolean(shared),
    scheduleInbox: (room: Room) => writer.scheduleInbox(room),
    scheduleWrite: (room: Room) => writer.scheduleWrite(room),
    scheduleCompaction: (room: Room) => writer.scheduleCompaction(room),
    scheduleMeta: (room: Room) => {
      if (room.metaTimer || closing) return;
      room.metaTimer = setTimeout(() => {
        room.metaTimer = undefined;
        writer.scheduleMetaNow(room);
      }, limits.metaDelayMs);
    },
    onFailed: (room: Room) => {
      clearTimeout(room.unloadTimer);
      clearTimeout(room.metaTimer);
      if (rooms.get(room.documentId) !== room) return;
      rooms.delete(room.documentId);
      metrics.documentsLoaded--;
      metrics.documentsUnloadedTotal++;
    },
    onIdle: (room: Room) => {
      if (closing) return;
      clearTimeout(room.unloadTimer);
      room.unloadTimer = setTimeout(() => unload(room), limits.unloadDelayMs);
    },
  };

  async function loadRoom(documentId: string, coalitionId: string): Promise<Room> {
    const started = performance.now();
    const state = await store.load(documentId);
    const { doc, quarantined, lastSeq } = state;
    metrics.quarantined += quarantined;
    const tail = quarantined ? [] : state.updates;
    // Loaded from the snapshot alone (no tail, nothing quarantined): its bytes are the full state.
    const fullState = !quarantined && state.updates.length === 0 ? (state.snapshot?.data ?? null) : null;
    const tailBytes = tail.reduce((n, u) => n + u.data.byteLength, 0);
    const tailSeqs = tail.map((u) => u.seq);
    const room = new Room(documentId, coalitionId, doc, { lastSeq, tailCount: tail.length, tailBytes, fullState, tailSeqs, snapshotStamp: quarantined ? null : (state.snapshot?.stamp ?? null) }, roomDeps);
    rooms.set(documentId, room);
    roomDeps.onIdle(room); // cancelled by the first connection; unloads it if none ever arrives
    metrics.documentsLoaded++;
    metrics.documentsLoadedTotal++;
    log.info({ documentId, ms: Math.round(performance.now() - started), snapshot: Boolean(state.snapshot), tail: state.updates.length, quarantined }, "collab: document loaded");
    return room;
  }

  /** The loaded room, loading it once however many callers ask at the same moment. */
  function getRoom(documentId: string, coalitionId: string): Promise<Room> {
    const room = rooms.get(documentId);
    if (room && !room.gone) return Promise.resolve(room);
    let pending = loading.get(documentId);
    if (!pending) {
      pending = loadRoom(documentId, coalitionId).finally(() => loading.delete(documentId));
      loading.set(documentId, pending);
    }
    return pending;
  }

  function unload(room: Room): void {
    room.unloadTimer = undefined;
    if (room.gone || room.conns.size) return;
    // Connections on their way in, or commits in flight: try again later.
    if (counts.documents.get(room.documentId) || !room.settled) return roomDeps.onIdle(room);
    rooms.delete(room.documentId);
    room.gone = true;
    clearTimeout(room.metaTimer);
    metrics.documentsLoaded--;
    metrics.documentsUnloadedTotal++;
    // Leave a compact snapshot behind (fast next load) and the last-edited stamp.
    if (room.tailCount) writer.scheduleCompaction(room);
    else if (room.lastEdit) writer.scheduleMetaNow(room);
    log.info({ documentId: room.documentId }, "collab: document unloaded");
  }

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on("error", () => socket.destroy());
    const refuse = (status: number, reason: string, extra: Record<string, unknown> = {}) => {
      metrics.refuse(`upgrade-${status}-${reason}`);
      log.info({ status, reason, url: req.url, ...extra }, "collab: upgrade refused");
      refuseUpgrade(socket, status, STATUS_CODES[status] ?? "Refused");
    };
    const documentId = parseCollabPath((req.url ?? "").split("?")[0]);
    if (!documentId) return refuse(404, "bad-path");
    if (closing) return refuse(503, "shutting-down");
    let principal: Principal;
    try {
      const decision = await authorizer.authorize(req, documentId);
      if (!decision.ok) return refuse(decision.status, decision.reason, { documentId, userId: decision.userId });
      principal = decision.principal;
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
      if (closing || room.gone) {
        release();
        return ws.close(closing ? CloseCode.SERVER_RESTARTING : CloseCode.DOCUMENT_RELOADED, "try again");
      }
      try {
        accept(ws, room, principal, release);
      } catch (error) {
        log.error({ err: (error as Error).message, documentId }, "collab: accepting a connection failed");
        ws.terminate();
      }
    });
  }

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

  const stopSweep = startSessionSweep({ connections: () => (closing ? [] : [...rooms.values()].flatMap((r) => [...r.conns])), authorizer, clock, log, intervalMs: limits.sessionCheckMs });
  const liveRooms = { [Symbol.iterator]: () => rooms.values(), get: (documentId: string) => rooms.get(documentId) };
  const unsubscribe = events.subscribe((event) => {
    if (closing) return;
    revokeAccess(event, { authorizer, rooms: liveRooms, log }).catch((error) => log.error({ err: (error as Error).message, event: event.type }, "collab: event handling failed"));
  });
  const unsubscribeRelay = relay.onMessage((documentId, message) => {
    const room = rooms.get(documentId);
    if (!room || room.gone) {
      // Loading right now: the database read may predate this update, so apply it once loaded.
      // Not loaded at all: it loads from the shared database when someone joins.
      const pending = loading.get(documentId);
      if (pending && message.kind === "update") pending.then((r) => r.applyRemoteUpdate(message.data, message.seqs)).catch(() => undefined);
      return;
    }
    if (message.kind === "update") room.applyRemoteUpdate(message.data, message.seqs);
    else room.relayRemoteAwareness(message.frame);
  });
  // After a relay outage, what other instances stored meanwhile is in the shared database.
  const unsubscribeResync = relay.onResync?.(() => resyncRooms(rooms.values(), store, log)) ?? (() => undefined);

  const service: CollabService = {
    async applyUpdate(documentId, update, userId) {
      const coalitionId = await store.coalitionOf(documentId);
      if (!coalitionId) throw new Error(`document ${documentId} not found`);
      const room = await getRoom(documentId, coalitionId);
      try {
        await room.applyServerUpdate(update, userId);
      } finally {
        if (room.conns.size === 0) roomDeps.onIdle(room);
      }
    },
    async liveState(documentId) {
      const room = rooms.get(documentId);
      if (!room || room.gone) return null;
      return room.durableState().catch(() => null); // failed meanwhile: the database has what was stored
    },
    presence(documentId) {
      const room = rooms.get(documentId);
      if (!room || room.gone) return [];
      return [...room.conns].map((c) => ({ userId: c.principal.userId, name: c.principal.name, color: c.principal.color, readOnly: c.readOnly }));
    },
    metrics: () => metrics.snapshot(),
  };

  let closed: Promise<void> | undefined;
  return {
    handleUpgrade,
    metrics: () => metrics.snapshot(),
    limits,
    service,
    close() {
      closed ??= (async () => {
        closing = true;
        stopSweep();
        unsubscribe();
        unsubscribeRelay();
        unsubscribeResync();
        // Close handshakes first, still applying what clients sent before they saw the close
        // frame; then commit everything, so nothing a client sent before the shutdown is lost.
        for (const room of rooms.values()) {
          clearTimeout(room.unloadTimer);
          clearTimeout(room.metaTimer);
          for (const conn of room.conns) conn.drain(CloseCode.SERVER_RESTARTING, "server restarting");
        }
        await Promise.race([
          Promise.all([...sockets].map((ws) => new Promise((resolve) => ws.once("close", resolve)))),
          new Promise((resolve) => setTimeout(resolve, 3000)),
        ]);
        for (const ws of sockets) ws.terminate();
        for (const room of rooms.values()) room.flushInbox();
        await writer.idle();
        for (const room of rooms.values()) if (room.lastEdit) writer.scheduleMetaNow(room);
        await writer.idle();
        await relay.close();
        await connections?.close();
        await store.writer.close();
        log.info({ metrics: metrics.snapshot() }, "collab: stopped");
      })();
      return closed;
    },
  };
}
