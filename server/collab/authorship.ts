import * as Y from "yjs";

/** A Yjs client id tied to the person whose socket first sent it (see db/queries/document-authors.ts). */
export interface AuthorClaim {
  clientId: number;
  userId: string;
}

/**
 * Which person typed with which Yjs client in a room. Every Yjs item keeps the id of the client
 * that created it, so once a client id is tied to a person, the document's text can be attributed
 * (authorship colours, contribution shares) long after its updates were compacted away. A client
 * id is claimed by the first connection that sends items under it and is recorded once per room
 * lifetime (the store keeps the first claim across rooms and instances).
 *
 * Items under a client id that someone else claimed are still accepted: a client that outlived a
 * crash sends back others' edits the server lost, and those must not be refused (nothing any client
 * holds may be lost). They keep their original author.
 */
export class RoomAuthors {
  private readonly known = new Map<number, string>();
  private pending: AuthorClaim[] = [];

  constructor(
    private readonly documentId: string,
    private readonly record: (documentId: string, claims: AuthorClaim[]) => void,
  ) {}

  /** The structs of an update a connection sent (already decoded by the inbox's checks). */
  note(userId: string, structs: ReadonlyArray<Y.Item | Y.GC | { id: Y.ID }>): void {
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue;
      const clientId = struct.id.client;
      if (this.known.has(clientId)) continue;
      this.known.set(clientId, userId);
      this.pending.push({ clientId, userId });
    }
  }

  /**
   * Hands the claims noted since the last call to the store, once `afterCommit` says the edits that
   * carried them are committed: a write of its own on the app's connection must never wait for a
   * lock the edits' commit holds, on the event loop that relays them.
   */
  flush(afterCommit: (fn: () => void) => void): void {
    if (this.pending.length === 0) return;
    const claims = this.pending;
    this.pending = [];
    afterCommit(() => this.record(this.documentId, claims));
  }

  /** Who this room saw typing with a client id (tests, diagnostics). */
  ownerOf(clientId: number): string | undefined {
    return this.known.get(clientId);
  }
}
