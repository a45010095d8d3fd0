import type { Logger } from "pino";
import type { DocumentStore } from "./ports";
import type { Room } from "./room";

/**
 * After a relay outage (Redis came back), what other instances stored meanwhile is in the shared
 * database: every loaded room reads its stored state back and relays to its clients only what it
 * lacked.
 */
export function resyncRooms(rooms: Iterable<Room>, store: DocumentStore, log: Logger): void {
  let count = 0;
  for (const room of rooms) {
    count++;
    store
      .readState(room.documentId)
      .then((state) => {
        if (state && !room.gone) room.catchUp(state);
      })
      .catch((error) => log.error({ documentId: room.documentId, err: (error as Error).message }, "collab: resync failed"));
  }
  log.info({ documents: count }, "collab: resynchronised loaded documents after a relay outage");
}
