import { EventEmitter } from "node:events";

/**
 * Process-wide domain events that other parts of the server react to (the collaboration
 * server closes or downgrades sockets; live thread views push posts). With REDIS_URL the
 * scale-out relay forwards them to the other instances (see server/cluster).
 */
export type DomainEvent =
  | { type: "session.ended"; sessionIdHash: string }
  | { type: "user.sessions-ended"; userId: string; exceptSessionIdHash?: string }
  | { type: "membership.changed"; coalitionId: string; userId: string; role: string | null }
  | { type: "document.changed"; documentId: string; coalitionId: string }
  | { type: "coalition.changed"; coalitionId: string }
  | { type: "thread.post"; coalitionId: string; threadId: string; postId: string }
  /** A coordinator changed who may read the thread: live views reconnect and are checked again. */
  | { type: "thread.audience"; coalitionId: string; threadId: string }
  | { type: "notification"; userId: string };

const KEY = Symbol.for("coalition-workspace.events");
type Holder = { [KEY]?: EventEmitter };

/** The process-wide emitter (on globalThis: the Remix bundle and the Node server share it). */
export function domainEvents(): EventEmitter {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    holder[KEY] = new EventEmitter();
    holder[KEY]!.setMaxListeners(0);
  }
  return holder[KEY]!;
}

/** Emits an event locally ("local") and, when a relay is installed, to other instances. */
export function emitDomainEvent(event: DomainEvent): void {
  domainEvents().emit("event", event, { origin: "local" });
}

/** Subscribes to every domain event; returns an unsubscribe function. */
export function onDomainEvent(listener: (event: DomainEvent, meta: { origin: "local" | "remote" }) => void): () => void {
  domainEvents().on("event", listener);
  return () => domainEvents().off("event", listener);
}
