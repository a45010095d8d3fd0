/**
 * The collaboration core's AccessEvents port (server/collab/ports.ts) over the app's domain events
 * (app/models/events.server.ts): the events open sockets must follow, and "document changed" when
 * the core stored edits (last-edited stamp, compaction). Wired in server/attach.ts.
 */
import { isCoalitionRole } from "../../app/lib/permissions";
import { emitDomainEvent, onDomainEvent } from "../../app/models/events.server";
import type { AccessEvent, AccessEvents } from "../collab/ports";

export const appAccessEvents: AccessEvents = {
  subscribe(listener) {
    return onDomainEvent((event) => {
      let access: AccessEvent | null = null;
      switch (event.type) {
        case "session.ended":
        case "user.sessions-ended":
        case "coalition.changed":
          access = event;
          break;
        case "membership.changed":
          // A value that is not a coalition role is no membership at all.
          access = { ...event, role: isCoalitionRole(event.role) ? event.role : null };
          break;
        case "document.changed":
          access = { type: "document.changed", documentId: event.documentId };
          break;
      }
      if (access) listener(access);
    });
  },
  documentChanged(documentId, coalitionId) {
    emitDomainEvent({ type: "document.changed", documentId, coalitionId });
  },
};
