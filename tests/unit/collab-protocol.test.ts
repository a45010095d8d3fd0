import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import { RoomAwareness, userColor, type AwarenessOwner } from "../../server/collab/awareness";
import { TokenBucket, DEFAULT_LIMITS } from "../../server/collab/limits";
import { collabLimitsFromConfig, parseConfig } from "../../app/lib/config.server";
import { awarenessFrame, decodeClientMessage, ProtocolError } from "../../server/collab/protocol";

const readLimits = (env: Record<string, string>) => collabLimitsFromConfig(parseConfig(env));

/** A caret as y-prosemirror publishes it: two Yjs relative positions. */
const caret = (clock: number) => {
  const position = { type: null, tname: null, item: { client: 42, clock }, assoc: 0 };
  return { anchor: position, head: position };
};

const owner = (id: string): AwarenessOwner => ({ clientIds: new Set(), userStamp: { id, name: `User ${id}`, color: userColor(id) } });

describe("protocol decoding", () => {
  it("decodes the four client messages", () => {
    expect(decodeClientMessage(new Uint8Array([0, 0, 1, 0]), 100)).toEqual({ kind: "sync-step1", stateVector: new Uint8Array([0]) });
    expect(decodeClientMessage(new Uint8Array([0, 1, 2, 0, 0]), 100)).toMatchObject({ kind: "sync-step2" });
    expect(decodeClientMessage(new Uint8Array([0, 2, 2, 0, 0]), 100)).toMatchObject({ kind: "update" });
    expect(decodeClientMessage(new Uint8Array([3]), 100)).toEqual({ kind: "query-awareness" });
    const frame = awarenessFrame([{ clientId: 7, clock: 3, json: '{"a":1}' }]);
    expect(decodeClientMessage(frame, 100)).toEqual({ kind: "awareness", entries: [{ clientId: 7, clock: 3, json: '{"a":1}' }] });
  });

  it("refuses truncation, trailing bytes, unknown types, oversized or non-UTF-8 states, too many entries", () => {
    const bad = [
      [],
      [0x80],
      [0, 2, 5, 1],
      [0, 2, 1, 0, 9],
      [4],
      [2, 0],
      [0, 3, 0],
      [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
    ];
    for (const bytes of bad) expect(() => decodeClientMessage(new Uint8Array(bytes), 100), JSON.stringify(bytes)).toThrow(ProtocolError);
    expect(() => decodeClientMessage(awarenessFrame([{ clientId: 1, clock: 1, json: "x".repeat(101) }]), 100)).toThrow(/too large/);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint8Array(inner, new Uint8Array([0xc3, 0x28]));
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
    expect(() => decodeClientMessage(encoding.toUint8Array(e), 100)).toThrow(/UTF-8/);
    expect(() => decodeClientMessage(awarenessFrame(Array.from({ length: 65 }, (_, i) => ({ clientId: i, clock: 1, json: "{}" }))), 100)).toThrow(/too many/);
  });
});

describe("awareness binding", () => {
  it("binds a client id to the first connection that announces it and stamps the server's user", () => {
    const room = new RoomAwareness();
    const alice = owner("alice");
    const mallory = owner("mallory");
    const r1 = room.apply(alice, [{ clientId: 1, clock: 1, json: JSON.stringify({ user: { name: "Bob" }, cursor: caret(5) }) }]);
    expect(JSON.parse(r1.changed[0].json)).toEqual({ user: { id: "alice", name: "User alice", color: userColor("alice") }, cursor: caret(5) });
    const r2 = room.apply(mallory, [{ clientId: 1, clock: 9, json: JSON.stringify({ cursor: caret(0) }) }, { clientId: 1, clock: 10, json: "null" }]);
    expect(r2.changed).toEqual([]);
    expect(r2.refused).toEqual(["awareness-foreign-client", "awareness-foreign-client"]);
    expect(JSON.parse(room.entries()[0].json).cursor).toEqual(caret(5));
    // Stale clocks are ignored; a third client id per connection is refused.
    expect(room.apply(alice, [{ clientId: 1, clock: 1, json: JSON.stringify({ cursor: caret(6) }) }]).changed).toEqual([]);
    room.apply(alice, [{ clientId: 2, clock: 1, json: "{}" }]);
    expect(room.apply(alice, [{ clientId: 3, clock: 1, json: "{}" }]).refused).toEqual(["awareness-too-many-clients"]);
    expect(room.apply(alice, [{ clientId: 4, clock: 1, json: "[1]" }]).refused).toEqual(["awareness-too-many-clients"]);
    // Leaving removes only the leaver's states, with a newer clock.
    expect(room.removeOwner(alice).map((e) => [e.clientId, e.json])).toEqual([[1, "null"], [2, "null"]]);
    expect(room.size).toBe(0);
    expect(room.apply(mallory, [{ clientId: 1, clock: 11, json: '"text"' }]).refused).toEqual(["awareness-bad-state"]);
  });
});

describe("presence relays only the server's stamp and the caret", () => {
  it("drops every other key, so no one can speak for someone else", () => {
    const room = new RoomAwareness();
    const mallory = owner("mallory");
    const forged = { userId: "someone-else", name: "Admin", user: { id: "admin", name: "Admin" }, cursor: caret(3), html: "<img src=x onerror=alert(1)>" };
    const relayed = JSON.parse(room.apply(mallory, [{ clientId: 7, clock: 1, json: JSON.stringify(forged) }]).changed[0].json);
    expect(relayed).toEqual({ user: { id: "mallory", name: "User mallory", color: userColor("mallory") }, cursor: caret(3) });
    expect(JSON.parse(room.entries()[0].json)).toEqual(relayed);
  });

  it("rebuilds the caret from its known fields and turns a malformed one into null", () => {
    const room = new RoomAwareness();
    const alice = owner("alice");
    const extra = { anchor: { ...caret(1).anchor, evil: "x", item: { client: 1, clock: 2, more: 1 } }, head: caret(1).head, note: "x" };
    const cleaned = JSON.parse(room.apply(alice, [{ clientId: 1, clock: 1, json: JSON.stringify({ cursor: extra }) }]).changed[0].json).cursor;
    expect(cleaned).toEqual({ anchor: { type: null, tname: null, item: { client: 1, clock: 2 }, assoc: 0 }, head: caret(1).head });
    for (const [clock, bad] of [[2, 5], [3, "text"], [4, [1, 2]], [5, { anchor: caret(1).anchor }], [6, null]] as const) {
      expect(JSON.parse(room.apply(alice, [{ clientId: 1, clock, json: JSON.stringify({ cursor: bad }) }]).changed[0].json).cursor, JSON.stringify(bad)).toBeNull();
    }
  });
});

describe("limits", () => {
  it("reads COLLAB_* variables and refuses nonsense", () => {
    // The defaults the README's configuration table documents, written out by hand.
    expect(readLimits({})).toEqual({
      maxMessageBytes: 1048576,
      maxConnectionsPerUser: 20,
      maxConnectionsPerDocument: 200,
      maxBufferedBytes: 16777216,
      rateMessagesPerSecond: 300,
      rateMessagesBurst: 3000,
      rateBytesPerSecond: 4194304,
      rateBytesBurst: 16777216,
      rateAwarenessPerSecond: 30,
      rateAwarenessBurst: 60,
      maxAwarenessStateBytes: 16384,
      unloadDelayMs: 10000,
      compactMaxUpdates: 2000,
      compactMaxBytes: 4194304,
      compactThreadMinMs: 20,
      metaDelayMs: 3000,
      sessionCheckMs: 60000,
      commitIntervalMs: 20,
      pingAfterMs: 10000,
      pongTimeoutMs: 4000,
      handshakeAccountBurst: 30,
      handshakeAccountPerSecond: 1,
      handshakeAddressBurst: 60,
      handshakeAddressPerSecond: 2,
      backlogBudgetBytes: 268435456,
    });
    expect(DEFAULT_LIMITS).toEqual(readLimits({}));
    expect(readLimits({ COLLAB_MAX_MESSAGE_BYTES: "2048", COLLAB_UNLOAD_DELAY_MS: "0" })).toMatchObject({ maxMessageBytes: 2048, unloadDelayMs: 0 });
    expect(() => readLimits({ COLLAB_MAX_CONNECTIONS_PER_USER: "many" })).toThrow(/COLLAB_MAX_CONNECTIONS_PER_USER/);
  });

  it("a token bucket allows its burst, then refuses", () => {
    const bucket = new TokenBucket(0.001, 3);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});
