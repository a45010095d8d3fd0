/**
 * The ports of the collaboration core: everything the core (rooms, connections, the y-websocket
 * protocol, the writer's group commit) needs from the rest of the app, declared here and nowhere
 * else. `server/attach.ts` wires each port to its adapter; tests wire fakes. The core imports
 * nothing from `app/models`.
 *
 * | port            | what the core asks of it                                         | implemented by (attach.ts)                                     |
 * |-----------------|------------------------------------------------------------------|----------------------------------------------------------------|
 * | `Authorizer`    | who may open a socket on a document, and may they still          | server/collab-adapters/authorizer.ts (sessions, memberships,  |
 * |                 | (re-checked on access events); sessions' expiry                  | the permission table)                                          |
 * | `DocumentStore` | load a document (repairing bad rows), read it back after a relay | server/collab-adapters/document-store.ts over db/queries and  |
 * |                 | outage, find its coalition; `writer`: the durable appends,       | the DocumentWriter of db/queries/document-writer.ts (SQLite    |
 * |                 | compactions and last-edited writes; `sharedLog` with a relay     | writer thread, or Kysely)                                      |
 * | `AccessEvents`  | membership, session, document and coalition changes that must    | server/collab-adapters/access-events.ts over the domain       |
 * |                 | reach open sockets; tells the app a document changed             | events of app/models/events.server.ts                          |
 * | `CollabRelay`   | other instances: committed updates and presence, both ways       | server/cluster/collab-relay.ts (Redis) or `localRelay`        |
 * | `Clock`         | wall-clock time (session expiry, last-edited stamps)             | `systemClock`                                                  |
 *
 * The order of an update: a client's frame is decoded and checked (read-only sockets are refused
 * here), queued in its room's inbox; at the end of the event-loop turn the room applies each
 * sender's queue in one Yjs transaction and relays the turn's updates to its clients at once (one
 * frame per client, never echoed to the sender); the writer then appends them in one group commit
 * (`DocumentStore.writer.append`, fsynced by default). Only once that commit is done are the sync
 * step 2 answers that reveal them sent (the author's "saved"), readers of durable state answered
 * (pages, exports, publishing), and the updates published on the relay to other instances (with
 * their log seqs). A server-side edit (restoring a version…) is relayed only after its commit, and
 * its caller answered then: a failed one was never seen by anyone.
 */
import type { IncomingMessage } from "node:http";
import type { DocumentWriter } from "../../db/queries/document-writer";
import type { Principal } from "./connection";
import type { AuthorClaim } from "./authorship";
import type { SharedLog } from "./persistence";

export type { CollabRelay, RelayMessage } from "./relay";
export type { Principal } from "./connection";

export type UpgradeDecision = { ok: true; principal: Principal } | { ok: false; status: 401 | 403 | 404; reason: string; userId?: string };

/** What a principal may do with its document now; null when the document no longer exists. */
export type CurrentRights = { read: boolean; edit: boolean } | null;

export interface Authorizer {
  /** Decides an upgrade before any websocket exists (origin, session, document, rights). */
  authorize(req: IncomingMessage, documentId: string): Promise<UpgradeDecision>;
  /** A connection's rights after its role in the coalition became `role` (see AccessEvent "membership.changed"). */
  rightsWithRole(principal: Principal, role: string): Promise<CurrentRights>;
  /** Whether the document (or its coalition) is archived or gone: null when gone. */
  documentState(documentId: string): Promise<{ archived: boolean; coalitionArchived: boolean } | null>;
  /** When the session ends now (null: ended or deleted). */
  sessionExpiry(sessionIdHash: string): Promise<Date | null>;
  /** Which of these sessions are still live at `at` (one query for a whole sweep). */
  liveSessions(sessionIdHashes: string[], at: Date): Promise<Set<string>>;
}

/** A document as loaded: the Y.Doc and what the log looked like. */
export interface LoadedDocument {
  doc: import("yjs").Doc;
  /** Rows that could not be applied and were set aside (the document loads without them). */
  quarantined: number;
  lastSeq: number;
  /** The stored snapshot (its bytes and stamp) and the log rows after it that were applied. */
  snapshot: { data: Uint8Array; stamp: string | null } | null;
  updates: { seq: number; data: Uint8Array }[];
}

export interface DocumentStore {
  load(documentId: string): Promise<LoadedDocument>;
  /** The stored state (snapshot + log) merged, for catching up after a relay outage; null when empty. */
  readState(documentId: string): Promise<Uint8Array | null>;
  /** The document's coalition, or null when it does not exist. */
  coalitionOf(documentId: string): Promise<string | null>;
  readonly writer: DocumentWriter;
  /** Ties Yjs client ids to people in a document; the first claim of an id stays (authorship). */
  recordAuthors?(documentId: string, claims: AuthorClaim[]): Promise<void>;
  /** Keeps the state at the end of each past day the stored log still holds, before a compaction merges it (the timeline). */
  keepDays?(documentId: string): Promise<void>;
  /** With several instances writing the same log (a relay): listing and reading rows, compaction claims. */
  readonly sharedLog?: SharedLog;
}

/** Changes elsewhere in the app that open sockets must follow (see access-revocation.ts). */
export type AccessEvent =
  | { type: "session.ended"; sessionIdHash: string }
  | { type: "user.sessions-ended"; userId: string; exceptSessionIdHash?: string }
  | { type: "membership.changed"; coalitionId: string; userId: string; role: string | null }
  | { type: "document.changed"; documentId: string }
  | { type: "coalition.changed"; coalitionId: string };

export interface AccessEvents {
  subscribe(listener: (event: AccessEvent) => void): () => void;
  /** The core stored edits of this document (last-edited stamp, compaction): search, activity… */
  documentChanged(documentId: string, coalitionId: string): void;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** An AccessEvents that never fires and tells nobody (tests, tools). */
export const noAccessEvents: AccessEvents = { subscribe: () => () => {}, documentChanged: () => {} };
