import type { Logger } from "pino";
import { domainEvents, type DomainEvent } from "../../app/models/events.server";
import { instanceId } from "./instance";
import type { RedisBus } from "./redis";

export const EVENTS_CHANNEL = "events";

/**
 * Relays domain events (membership changes, ended sessions, new posts, notifications)
 * between instances: local events are published with this instance's id; events from
 * other instances are re-emitted locally with origin "remote" (and never published again).
 */
export async function startEventsRelay(bus: RedisBus, log: Logger): Promise<() => void> {
  const me = instanceId();
  const emitter = domainEvents();
  const onLocal = (event: DomainEvent, meta: { origin: "local" | "remote" }) => {
    if (meta.origin !== "local") return;
    bus.publish(EVENTS_CHANNEL, JSON.stringify({ from: me, event }));
  };
  emitter.on("event", onLocal);
  await bus.subscribe(EVENTS_CHANNEL, (raw) => {
    try {
      const { from, event } = JSON.parse(raw.toString()) as { from: string; event: DomainEvent };
      if (from === me || !event || typeof event.type !== "string") return;
      emitter.emit("event", event, { origin: "remote" });
    } catch (error) {
      log.warn({ err: (error as Error).message }, "dropped a malformed relayed event");
    }
  });
  return () => emitter.off("event", onLocal);
}
