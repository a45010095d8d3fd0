import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import type { WebSocket } from "ws";
import { CloseCode } from "../../app/lib/collab-protocol";
import { revokeAccess } from "./access-revocation";
import type { AuthorClaim } from "./authorship";
import { ConnectionCounts, DEFAULT_LIMITS, type ClusterConnectionCounter, type CollabLimits } from "./limits";
import { CollabMetrics, type CollabMetricsSnapshot } from "./metrics";
import { Writer } from "./persistence";
import { systemClock, type AccessEvents, type Authorizer, type Clock, type DocumentStore } from "./ports";
import { startConnectionWatch } from "./liveness";
import type { DocumentEvent } from "./protocol";
import { localRelay, type CollabRelay } from "./relay";
import { resyncRooms } from "./resync";
import { Room } from "./room";
import { startSessionSweep } from "./session-sweep";
import { createUpgradeHandler } from "./upgrade";

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
  /** The client's address as the HTTP side sees it (req.ip under TRUST_PROXY); the socket's peer by default. */
  clientAddress?: (req: IncomingMessage) => string;
}

/** What the app asks of the running server outside the websocket (app/models/collab-hook.server.ts). */
export interface CollabService {
  /** A server-side edit (restoring a version…): committed, then relayed and resolved (its caller hears of a failure, so nobody may have seen it). */
  applyUpdate(documentId: string, update: Uint8Array, userId: string | null): Promise<void>;
  /** The loaded document's state once every edit in it is committed; null when not loaded (read the database). */
  liveState(documentId: string): Promise<Uint8Array | null>;
  presence(documentId: string): { userId: string; name: string; color: string; readOnly: boolean }[];
  /** Tells the document's open editors on this instance what happened (e.g. "Ada restored version 2"); false when it is not loaded here. */
  announce(documentId: string, event: DocumentEvent): boolean;
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
  if (store.keepDays) writer.beforeCompaction = (documentId) => store.keepDays!(documentId);
  const rooms = new Map<string, Room>();
  const loading = new Map<string, Promise<Room>>();
  const counts = new ConnectionCounts();
  const connections = options.connections?.(counts);
  const sockets = new Set<WebSocket>();
  let closing = false;

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
    recordAuthors: (documentId: string, claims: AuthorClaim[]) => {
      store.recordAuthors?.(documentId, claims).catch((error: unknown) => log.warn({ err: error, documentId }, "collab: could not record authors"));
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

  const handleUpgrade = createUpgradeHandler({ authorizer, clock, log, metrics, limits, counts, connections, getRoom, sockets, isClosing: () => closing, clientAddress: options.clientAddress ?? ((req) => req.socket.remoteAddress ?? "unknown") });

  const allConnections = () => (closing ? [] : [...rooms.values()].flatMap((r) => [...r.conns]));
  // Pings silent sockets and closes those that do not answer; keeps the sum of backlogs under budget.
  const stopWatch = startConnectionWatch({ connections: allConnections, limits, metrics, log });
  const stopSweep = startSessionSweep({ connections: allConnections, authorizer, clock, log, intervalMs: limits.sessionCheckMs });
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
    announce(documentId, event) {
      const room = rooms.get(documentId);
      if (!room || room.gone) return false;
      room.announce(event);
      return true;
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
        stopWatch();
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
