import type { AwarenessEntry } from "./protocol";

/** What the awareness layer needs to know about a connection. */
export interface AwarenessOwner {
  /** The client ids this connection announced (bound on first use). */
  clientIds: Set<number>;
  /** The `user` field others see, from the server's record of the user. */
  userStamp: { id: string; name: string; color: string };
}

/** Yjs gives a document one client id; a second allows for a client id change after a conflict. */
const MAX_CLIENT_IDS_PER_CONNECTION = 2;

export type AwarenessRefusal = "awareness-foreign-client" | "awareness-too-many-clients" | "awareness-bad-state";

/**
 * The presence states of one document, each bound to the connection that first announced its
 * client id: no connection can set or remove another's state, and the `user` field is replaced
 * by the server's record of the connection's user.
 */
export class RoomAwareness {
  private readonly states = new Map<number, { clock: number; json: string; owner: AwarenessOwner }>();

  /** Applies a client's entries; returns the (stamped) entries to relay and the refusals seen. */
  apply(owner: AwarenessOwner, entries: AwarenessEntry[]): { changed: AwarenessEntry[]; refused: AwarenessRefusal[] } {
    const changed: AwarenessEntry[] = [];
    const refused: AwarenessRefusal[] = [];
    for (const entry of entries) {
      const current = this.states.get(entry.clientId);
      if (current && current.owner !== owner) {
        refused.push("awareness-foreign-client");
        continue;
      }
      if (!owner.clientIds.has(entry.clientId)) {
        if (owner.clientIds.size >= MAX_CLIENT_IDS_PER_CONNECTION) {
          refused.push("awareness-too-many-clients");
          continue;
        }
      }
      if (current && entry.clock <= current.clock) continue; // stale or repeated
      let state: unknown;
      try {
        state = JSON.parse(entry.json);
      } catch {
        refused.push("awareness-bad-state");
        continue;
      }
      if (state === null) {
        if (!current) continue;
        this.states.delete(entry.clientId);
        owner.clientIds.delete(entry.clientId);
        changed.push({ clientId: entry.clientId, clock: entry.clock, json: "null" });
        continue;
      }
      if (typeof state !== "object" || Array.isArray(state)) {
        refused.push("awareness-bad-state");
        continue;
      }
      // Only what the editor publishes is relayed: the server's stamp of who this is, and the
      // caret. Any other key ("userId", "name", …) could speak for someone else; it is dropped.
      const json = JSON.stringify({ user: owner.userStamp, cursor: cleanCursor((state as Record<string, unknown>).cursor) });
      owner.clientIds.add(entry.clientId);
      this.states.set(entry.clientId, { clock: entry.clock, json, owner });
      changed.push({ clientId: entry.clientId, clock: entry.clock, json });
    }
    return { changed, refused };
  }

  /**
   * Whether every entry only repeats a state another connection owns (same or older clock): the stock
   * y-websocket provider sends back every remote presence change it receives. Such a message changes
   * nothing and is never relayed, so it is neither refused nor charged to the sender's presence rate.
   */
  isEcho(owner: AwarenessOwner, entries: AwarenessEntry[]): boolean {
    return entries.every((entry) => {
      const current = this.states.get(entry.clientId);
      return current !== undefined && current.owner !== owner && entry.clock <= current.clock;
    });
  }

  /** Removes a departing connection's states; returns the removals to relay. */
  removeOwner(owner: AwarenessOwner): AwarenessEntry[] {
    const out: AwarenessEntry[] = [];
    for (const clientId of owner.clientIds) {
      const current = this.states.get(clientId);
      if (current?.owner !== owner) continue;
      this.states.delete(clientId);
      out.push({ clientId, clock: current.clock + 1, json: "null" });
    }
    owner.clientIds.clear();
    return out;
  }

  /** Every current state (sent to a joining connection). */
  entries(): AwarenessEntry[] {
    return [...this.states].map(([clientId, s]) => ({ clientId, clock: s.clock, json: s.json }));
  }

  get size(): number {
    return this.states.size;
  }
}

type Id = { client: number; clock: number };
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
const cleanId = (v: unknown): Id | null => {
  const o = v as Record<string, unknown> | null;
  return o && typeof o === "object" && isCount(o.client) && isCount(o.clock) ? { client: o.client, clock: o.clock } : null;
};

/** A Yjs relative position as y-prosemirror writes it, rebuilt from its known fields only; else null. */
function cleanPosition(v: unknown) {
  if (!v || typeof v !== "object" || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const tname = typeof o.tname === "string" && o.tname.length <= 64 ? o.tname : null;
  const assoc = o.assoc === -1 || o.assoc === 0 || o.assoc === 1 ? o.assoc : 0;
  return { type: cleanId(o.type), tname, item: cleanId(o.item), assoc };
}

/** The caret (`cursor: { anchor, head }`, relative positions) or null when absent or malformed. */
export function cleanCursor(v: unknown): { anchor: ReturnType<typeof cleanPosition>; head: ReturnType<typeof cleanPosition> } | null {
  if (!v || typeof v !== "object" || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const anchor = cleanPosition(o.anchor);
  const head = cleanPosition(o.head);
  return anchor && head ? { anchor, head } : null;
}

/** A stable colour per user (the same in every document and session, for every viewer). */
export { userColor } from "../../common/user-color";
