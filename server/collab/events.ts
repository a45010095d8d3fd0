import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { CloseCode } from "../../app/lib/collab-protocol";
import { isCoalitionRole } from "../../app/lib/permissions";
import type { DomainEvent } from "../../app/models/events.server";
import { findDocumentAccess } from "../../db/queries/document-state";
import type { Database } from "../../db/schema";
import { documentRights } from "./authorize";
import type { Room } from "./room";

/**
 * Makes membership, session and document changes take effect on open sockets: removal closes
 * with ACCESS_REVOKED, a change of the right to edit closes with ROLE_CHANGED (a demotion is
 * read-only at once, before the close), a logout or ended session closes with SESSION_ENDED,
 * a deleted or archived document closes with DOCUMENT_GONE.
 */
export async function handleDomainEvent(event: DomainEvent, ctx: { db: Kysely<Database>; rooms: Map<string, Room>; log: Logger }): Promise<void> {
  const { db, rooms, log } = ctx;
  switch (event.type) {
    case "session.ended":
      for (const room of rooms.values())
        for (const conn of [...room.conns]) if (conn.principal.sessionIdHash === event.sessionIdHash) conn.close(CloseCode.SESSION_ENDED, "session ended");
      return;
    case "user.sessions-ended":
      for (const room of rooms.values())
        for (const conn of room.connectionsOf(event.userId))
          if (conn.principal.sessionIdHash !== event.exceptSessionIdHash) conn.close(CloseCode.SESSION_ENDED, "sessions ended");
      return;
    case "membership.changed": {
      const affected = [...rooms.values()].filter((r) => r.coalitionId === event.coalitionId).flatMap((r) => r.connectionsOf(event.userId));
      if (!affected.length) return;
      const role = isCoalitionRole(event.role) ? event.role : null;
      if (role === null) {
        for (const conn of affected) conn.close(CloseCode.ACCESS_REVOKED, "removed from the coalition");
        return;
      }
      if (role === "observer") {
        // At once: nothing this connection sends from now on is applied.
        for (const conn of affected) {
          const wasWriter = !conn.readOnly;
          conn.readOnly = true;
          if (wasWriter) conn.close(CloseCode.ROLE_CHANGED, "now an observer");
        }
        return;
      }
      for (const conn of affected) {
        const doc = await findDocumentAccess(db, conn.principal.documentId);
        if (!doc) {
          conn.close(CloseCode.DOCUMENT_GONE, "document deleted");
          continue;
        }
        const rights = documentRights(doc, role, conn.principal.isSiteAdmin);
        if (!rights.read) conn.close(CloseCode.ACCESS_REVOKED, "no read access");
        else if (rights.edit === conn.readOnly) {
          conn.readOnly = !rights.edit;
          conn.close(CloseCode.ROLE_CHANGED, "role changed");
        }
      }
      log.info({ coalitionId: event.coalitionId, userId: event.userId, role, connections: affected.length }, "collab: role change applied");
      return;
    }
    case "document.changed": {
      const room = rooms.get(event.documentId);
      if (!room || !room.conns.size) return;
      const doc = await findDocumentAccess(db, event.documentId);
      if (!doc || doc.archived_at) room.closeAll(CloseCode.DOCUMENT_GONE, doc ? "document archived" : "document deleted");
      return;
    }
    case "coalition.changed": {
      // Archived or brought back: writers become read-only at once, and every socket reconnects
      // to be authorised afresh (read-only in an archived coalition, writable again after).
      const affected = [...rooms.values()].filter((r) => r.coalitionId === event.coalitionId).flatMap((r) => [...r.conns]);
      if (!affected.length) return;
      const access = await findDocumentAccess(db, affected[0].principal.documentId);
      const archived = Boolean(access?.coalition_archived_at);
      for (const conn of affected) {
        if (archived) conn.readOnly = true;
        conn.close(CloseCode.ROLE_CHANGED, archived ? "coalition archived" : "coalition changed");
      }
      log.info({ coalitionId: event.coalitionId, archived, connections: affected.length }, "collab: coalition change applied");
      return;
    }
    default:
      return;
  }
}
