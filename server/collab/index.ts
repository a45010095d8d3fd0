import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { WebSocketServer, type WebSocket } from "ws";
import * as Y from "yjs";
import { CloseCode, parseCollabPath } from "../../app/lib/collab-protocol";
import type { Config } from "../../app/lib/config.server";
import { registerCollabHook, type CollabMetricsSnapshot } from "../../app/models/collab-hook.server";
import { loadAndRepair } from "../../app/models/document-state.server";
import { onDomainEvent } from "../../app/models/events.server";
import { findDocumentAccess, listLogSeqs, loadDocumentState, readLogRows } from "../../db/queries/document-state";
import { liveSessionHashes, sessionExpiry } from "../../db/queries/collab-sessions";
import { kyselyDocumentWriter, type DocumentWriter } from "../../db/queries/document-writer";
import type { Database } from "../../db/schema";
import { authorizeUpgrade } from "./authorize";
import { Connection, type Principal } from "./connection";
import { handleDomainEvent } from "./events";
import { ConnectionCounts, readLimits, type ClusterConnectionCounter, type CollabLimits } from "./limits";
import { CollabMetrics } from "./metrics";
import { Writer, type SharedLog } from "./persistence";
import { localRelay, type CollabRelay } from "./relay";
import { Room } from "./room";
import { watchSessionExpiry } from "./session-expiry";

export interface CollabServerOptions {
  db: Kysely<Database>;
  /** Where durable writes go; defaults to Kysely on `db` (attach.ts passes the SQLite worker). */
  writer?: DocumentWriter;
  logger: Logger;
  config: Pick<Config, "APP_ORIGIN">;
  limits?: Partial<CollabLimits>;
  relay?: CollabRelay;
  /** Several instances: connection limits counted across all of them (else per instance), from this instance's counts. */
  connections?: (local: ConnectionCounts) => ClusterConnectionCounter;
}

export interface CollabServer {
  /** Handles an HTTP upgrade on /collab/:documentId: authorises, loads the document, accepts. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
  /** Graceful stop: commits what is staged, closes every socket with SERVER_RESTARTING. */
  close(): Promise<void>;
  metrics(): CollabMetricsSnapshot;
  readonly limits: CollabLimits;
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
  const { db, config } = options;
  const log = options.logger.child({ component: "collab" });
  const limits = readLimits(process.env, options.limits);
  const relay = options.relay ?? localRelay;
  const metrics = new CollabMetrics();
  const store = options.writer ?? kyselyDocumentWriter(db);
  // Another instance's rows must be in a snapshot before it deletes them (see Writer).
  const shared: SharedLog | undefined = options.relay
    ? {
        listSeqs: (id) => listLogSeqs(db, id),
        readRows: (id, seqs) => readLogRows(db, id, seqs),
        claim: async (id) => (relay.claimCompaction ? relay.claimCompaction(id) : true),
        release: async (id) => relay.releaseCompaction?.(id),
      }
    : undefined;
  const writer = new Writer(store, metrics, log, shared, limits.commitIntervalMs, limits.compactThreadMinMs);
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
    const { doc, state, quarantined, lastSeq } = await loadAndRepair(db, documentId);
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
      const decision = await authorizeUpgrade(db, req, documentId, config.APP_ORIGIN);
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
    const leaveRoom = conn.onClose;
    // The socket ends when its session does (the sweep below catches rows deleted directly).
    const stopWatching = watchSessionExpiry(conn, principal.sessionExpiresAt, () => sessionExpiry(db, principal.sessionIdHash), limits.sessionCheckMs);
    conn.onClose = (c) => {
      stopWatching();
      metrics.connections--;
      release();
      leaveRoom(c);
    };
    log.info({ documentId: principal.documentId, userId: principal.userId, readOnly: conn.readOnly }, "collab: connected");
  }


  // Sessions that expire (or vanish without an event) end their sockets: one query per sweep.
  const sessionSweep = setInterval(async () => {
    const conns = [...rooms.values()].flatMap((r) => [...r.conns]);
    if (!conns.length || closing) return;
    try {
      const live = await liveSessionHashes(db, [...new Set(conns.map((c) => c.principal.sessionIdHash))], new Date().toISOString());
      for (const conn of conns) if (!live.has(conn.principal.sessionIdHash)) conn.close(CloseCode.SESSION_ENDED, "session expired");
    } catch (error) {
      log.warn({ err: (error as Error).message }, "collab: session sweep failed");
    }
  }, limits.sessionCheckMs);
  sessionSweep.unref();

  const unsubscribe = onDomainEvent((event) => {
    if (closing) return;
    handleDomainEvent(event, { db, rooms, log }).catch((error) => log.error({ err: (error as Error).message, event: event.type }, "collab: event handling failed"));
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
  const unsubscribeResync =
    relay.onResync?.(() => {
      for (const room of rooms.values()) {
        loadDocumentState(db, room.documentId)
          .then((state) => {
            const parts = [...(state.snapshot ? [state.snapshot.data] : []), ...state.updates.map((u) => u.data)];
            if (parts.length && !room.gone) room.catchUp(Y.mergeUpdates(parts));
          })
          .catch((error) => log.error({ documentId: room.documentId, err: (error as Error).message }, "collab: resync failed"));
      }
      log.info({ documents: rooms.size }, "collab: resynchronised loaded documents after a relay outage");
    }) ?? (() => undefined);

  registerCollabHook({
    async applyUpdate(documentId, update, userId) {
      const access = await findDocumentAccess(db, documentId);
      if (!access) throw new Error(`document ${documentId} not found`);
      const room = await getRoom(documentId, access.coalition_id);
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
  });

  let closed: Promise<void> | undefined;
  return {
    handleUpgrade,
    metrics: () => metrics.snapshot(),
    limits,
    close() {
      closed ??= (async () => {
        closing = true;
        clearInterval(sessionSweep);
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
        registerCollabHook(undefined);
        await relay.close();
        await connections?.close();
        await store.close();
        log.info({ metrics: metrics.snapshot() }, "collab: stopped");
      })();
      return closed;
    },
  };
}
