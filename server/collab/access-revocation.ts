import type { Logger } from "pino";
import { CloseCode } from "../../app/lib/collab-protocol";
import type { AccessEvent, Authorizer } from "./ports";
import type { Room } from "./room";

/**
 * Makes membership, session and document changes (AccessEvents) take effect on open sockets:
 * removal closes with ACCESS_REVOKED, a change of the right to edit closes with ROLE_CHANGED (a
 * demotion is read-only at once, before the close), a logout or ended session closes with
 * SESSION_ENDED, a deleted or archived document closes with DOCUMENT_GONE. What a role allows is
 * the Authorizer's to say.
 */
export async function revokeAccess(event: AccessEvent, ctx: { authorizer: Authorizer; rooms: Iterable<Room> & { get(documentId: string): Room | undefined }; log: Logger }): Promise<void> {
  const { authorizer, rooms, log } = ctx;
  const all = () => [...(rooms as Iterable<Room>)];
  switch (event.type) {
    case "session.ended":
      for (const room of all())
        for (const conn of [...room.conns]) if (conn.principal.sessionIdHash === event.sessionIdHash) conn.close(CloseCode.SESSION_ENDED, "session ended");
      return;
    case "user.sessions-ended":
      for (const room of all())
        for (const conn of room.connectionsOf(event.userId))
          if (conn.principal.sessionIdHash !== event.exceptSessionIdHash) conn.close(CloseCode.SESSION_ENDED, "sessions ended");
      return;
    case "membership.changed": {
      const affected = all()
        .filter((r) => r.coalitionId === event.coalitionId)
        .flatMap((r) => r.connectionsOf(event.userId));
      if (!affected.length) return;
      const role = event.role;
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
        const rights = await authorizer.rightsWithRole(conn.principal, role);
        if (!rights) {
          conn.close(CloseCode.DOCUMENT_GONE, "document deleted");
          continue;
        }
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
      const state = await authorizer.documentState(event.documentId);
      if (!state || state.archived) room.closeAll(CloseCode.DOCUMENT_GONE, state ? "document archived" : "document deleted");
      return;
    }
    case "coalition.changed": {
      // Archived or brought back: writers become read-only at once, and every socket reconnects
      // to be authorised afresh (read-only in an archived coalition, writable again after).
      const affected = all()
        .filter((r) => r.coalitionId === event.coalitionId)
        .flatMap((r) => [...r.conns]);
      if (!affected.length) return;
      const archived = Boolean((await authorizer.documentState(affected[0].principal.documentId))?.coalitionArchived);
      for (const conn of affected) {
        if (archived) conn.readOnly = true;
        conn.close(CloseCode.ROLE_CHANGED, archived ? "coalition archived" : "coalition changed");
      }
      log.info({ coalitionId: event.coalitionId, archived, connections: affected.length }, "collab: coalition change applied");
      return;
    }
  }
}
