import { EventEmitter } from "node:events";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import pino from "pino";
import { describe, expect, it, vi } from "vitest";
import type { WebSocket } from "ws";
import * as Y from "yjs";
import { CloseCode } from "../../app/lib/collab-protocol";
import type { DocumentWriter } from "../../db/queries/document-writer";
import { Connection, type Principal } from "../../server/collab/connection";
import { DEFAULT_LIMITS } from "../../server/collab/limits";
import { CollabMetrics } from "../../server/collab/metrics";
import { awarenessFrame } from "../../server/collab/protocol";
import { localRelay, type CollabRelay } from "../../server/collab/relay";
import { Writer } from "../../server/collab/persistence";
import { Room } from "../../server/collab/room";
import { decodeRelayFrame, encodeRelayFrame } from "../../server/cluster/collab-relay";
import { textOf, typeText } from "../helpers/collab";

/** A presence state with a caret (what the editor publishes) whose position carries a marker number. */
const caretJson = (n: number) => {
  const position = { type: null, tname: null, item: { client: 1, clock: n }, assoc: 0 };
  return JSON.stringify({ cursor: { anchor: position, head: position } });
};
const marker = (json: string): number | undefined => JSON.parse(json).cursor?.head.item.clock;

/** A socket that records what the room sends and how it was closed. */
class FakeSocket extends EventEmitter {
  bufferedAmount = 0;
  sent: Uint8Array[] = [];
  closeCode: number | null = null;
  send(frame: Uint8Array) {
    this.sent.push(frame);
  }
  close(code: number) {
    this.closeCode = code;
  }
  terminate() {}
  /** A client message, delivered the way ws delivers it (a Buffer, binary). */
  receive(bytes: Uint8Array) {
    this.emit("message", Buffer.from(bytes), true);
  }
}

const log = pino({ level: "silent" });
const updateMessage = (update: Uint8Array) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
};
/** The Yjs update inside a sync frame the room sent. */
const updateOf = (frame: Uint8Array) => {
  const d = decoding.createDecoder(frame);
  decoding.readVarUint(d);
  decoding.readVarUint(d);
  return decoding.readVarUint8Array(d);
};
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A store that commits at once (as the main-thread writer does) and records each commit's row count. */
function fakeStore() {
  const commits: number[] = [];
  let seq = 0;
  const store: DocumentWriter = {
    append: async (rows) => {
      commits.push(rows.length);
      return rows.map(() => ++seq);
    },
    compact: async () => {},
    touch: async () => {},
    open: async () => {},
    close: async () => {},
    durability: "test",
  };
  return { store, commits };
}

/** `writer`: a real Writer commits what the room stages; without it the test commits by hand. */
function setup(sharedLog = false, relay: CollabRelay = localRelay, writer?: Writer) {
  const metrics = new CollabMetrics();
  const dirty: Room[] = [];
  const claims: { documentId: string; clientId: number; userId: string }[] = [];
  const room = new Room("doc", "coalition", new Y.Doc(), { lastSeq: 0, tailCount: 0, tailBytes: 0 }, {
    limits: DEFAULT_LIMITS,
    metrics,
    log,
    relay,
    sharedLog,
    scheduleInbox: (r) => (writer ? writer.scheduleInbox(r) : setImmediate(() => r.flushInbox())),
    scheduleWrite: (r) => (writer ? writer.scheduleWrite(r) : dirty.push(r)),
    scheduleCompaction() {},
    scheduleMeta() {},
    recordAuthors: (documentId, list) => claims.push(...list.map((c) => ({ documentId, ...c }))),
    onIdle() {},
    onFailed() {},
  });
  const connect = (userId: string) => {
    const ws = new FakeSocket();
    const principal: Principal = { userId, name: userId, color: "#000", sessionIdHash: "h", sessionExpiresAt: new Date(Date.now() + 3_600_000), documentId: "doc", coalitionId: "coalition", isSiteAdmin: false, readOnly: false };
    const conn = new Connection(ws as unknown as WebSocket, principal, DEFAULT_LIMITS, metrics, log);
    room.addConnection(conn);
    ws.sent = []; // the room's sync step 1
    return { ws, conn };
  };
  /** A client document whose every local edit is one update message. */
  const author = () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    return { doc, updates };
  };
  return { room, metrics, dirty, connect, author, claims };
}

const setupShared = () => setup(true);

/** A room committed by a real Writer with commit pacing `intervalMs`, through fakeStore. */
function setupWithWriter(intervalMs: number) {
  const { store, commits } = fakeStore();
  const writer = new Writer(store, new CollabMetrics(), log, undefined, intervalMs);
  return { writer, commits, ...setup(false, localRelay, writer) };
}

describe("a room ties Yjs client ids to the people who type with them", () => {
  it("claims each sender's client id once (recorded after the commit), and never hands someone else's to the sender who relays it", async () => {
    const { room, connect, author, claims } = setupWithWriter(0);
    const one = connect("u1");
    const two = connect("u2");
    const a = author();
    const b = author();
    for (const ch of "ab") typeText(a.doc, ch);
    for (const u of a.updates) one.ws.receive(updateMessage(u));
    typeText(b.doc, "B");
    two.ws.receive(updateMessage(b.updates[0]));
    await turn();
    await expect.poll(() => claims.length).toBe(2);
    expect(claims).toEqual([
      { documentId: "doc", clientId: a.doc.clientID, userId: "u1" },
      { documentId: "doc", clientId: b.doc.clientID, userId: "u2" },
    ]);
    // u2 sends back u1's items (as a client that outlived a crash would): accepted, still u1's.
    typeText(a.doc, "c");
    two.ws.receive(updateMessage(a.updates[a.updates.length - 1]));
    await turn();
    expect(textOf(room.doc)).toContain("c");
    expect(claims).toHaveLength(2);
    expect(room.authors.ownerOf(a.doc.clientID)).toBe("u1");
  });
});

describe("a room applies what arrives in one turn together", () => {
  it("one sender's updates of a turn become one staged update, in order", async () => {
    const { room, dirty, connect, author } = setup();
    const { ws, conn } = connect("u1");
    const a = author();
    for (const ch of "abc") typeText(a.doc, ch);
    for (const u of a.updates) ws.receive(updateMessage(u));
    expect(room.settled).toBe(false); // queued, not yet applied
    await turn();
    expect(textOf(room.doc)).toBe("abc");
    expect(dirty).toEqual([room]);
    const { items } = room.takeStaged();
    expect(items).toHaveLength(1);
    expect(items[0].sender).toBe(conn);
    expect(items[0].userId).toBe("u1");
    const copy = new Y.Doc();
    Y.applyUpdate(copy, items[0].data);
    expect(textOf(copy)).toBe("abc");
  });

  it("an update that references missing history closes its sender; what came before it stays, what came after is dropped", async () => {
    const { room, metrics, connect, author } = setup();
    const { ws, conn } = connect("u1");
    const a = author();
    for (const ch of "ab") typeText(a.doc, ch);
    const stranger = author();
    typeText(stranger.doc, "x");
    typeText(stranger.doc, "y"); // depends on "x", which the room never gets
    typeText(a.doc, "c");
    for (const msg of [a.updates[0], a.updates[1], stranger.updates[1], a.updates[2]]) ws.receive(updateMessage(msg));
    await turn();
    expect(ws.closeCode).toBe(CloseCode.INVALID_UPDATE);
    expect(conn.closed).toBe(true);
    expect(metrics.refusals["missing-history"]).toBe(1);
    expect(textOf(room.doc)).toBe("ab");
    const copy = new Y.Doc();
    for (const item of room.takeStaged().items) Y.applyUpdate(copy, item.data);
    expect(textOf(copy)).toBe("ab");
  });

  it("each sender's updates are staged apart, and relayed at once to everyone but their sender, before any commit", async () => {
    const { room, connect, author } = setup();
    const one = connect("u1");
    const two = connect("u2");
    const three = connect("u3");
    const a = author();
    const b = author();
    typeText(a.doc, "A");
    typeText(b.doc, "B");
    typeText(b.doc, "b");
    one.ws.receive(updateMessage(a.updates[0]));
    two.ws.receive(updateMessage(b.updates[0]));
    two.ws.receive(updateMessage(b.updates[1]));
    await turn();
    const { items, gen } = room.takeStaged();
    expect(items.map((i) => i.userId)).toEqual(["u1", "u2"]);
    // Relayed in the turn they arrived in, nothing committed yet (relaying waits for nothing).
    const seen = (ws: FakeSocket) => {
      const doc = new Y.Doc();
      for (const f of ws.sent) Y.applyUpdate(doc, updateOf(f));
      return textOf(doc);
    };
    expect(seen(one.ws)).toBe("Bb");
    expect(seen(two.ws)).toBe("A");
    const third = seen(three.ws);
    expect(third).toContain("A");
    expect(third).toContain("Bb");
    expect(room.settled).toBe(false);
    const before = three.ws.sent.length;
    room.markDurable(items, [1, 2], gen);
    expect(three.ws.sent).toHaveLength(before); // the commit relays nothing more
    expect(room.settled).toBe(true);
  });

  it("updates from a connection demoted before the end of the turn are refused", async () => {
    const { room, metrics, connect, author } = setup();
    const { ws, conn } = connect("u1");
    const a = author();
    typeText(a.doc, "a");
    ws.receive(updateMessage(a.updates[0]));
    conn.readOnly = true;
    await turn();
    expect(textOf(room.doc)).toBe("");
    expect(room.takeStaged().items).toHaveLength(0);
    expect(metrics.refusals["read-only"]).toBe(1);
  });
});

describe("saved only after the commit", () => {
  const step1Message = (doc: Y.Doc) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
    return encoding.toUint8Array(e);
  };
  const syncTypeOf = (frame: Uint8Array) => {
    const d = decoding.createDecoder(frame);
    decoding.readVarUint(d);
    return decoding.readVarUint(d);
  };

  it("an edit reaches the others before its commit; the author's sync step 1 sent after it is answered only once it is committed", async () => {
    const { room, connect, author } = setup();
    const one = connect("u1");
    const two = connect("u2");
    const a = author();
    typeText(a.doc, "x");
    one.ws.receive(updateMessage(a.updates[0]));
    one.ws.receive(step1Message(a.doc)); // the client's "is it saved?" probe
    await turn();
    await turn();
    expect(two.ws.sent).toHaveLength(1); // relayed, not committed
    expect(one.ws.sent.filter((f) => syncTypeOf(f) === 1)).toHaveLength(0); // no sync step 2 yet: still unsaved
    const { items, gen } = room.takeStaged();
    room.markDurable(items, [1], gen);
    expect(one.ws.sent.filter((f) => syncTypeOf(f) === 1)).toHaveLength(1); // saved
  });
});

describe("a server-side edit (restoring a version)", () => {
  it("is relayed only once committed, and resolves then", async () => {
    const { room, connect, author } = setup();
    const one = connect("u1");
    const a = author();
    typeText(a.doc, "restored");
    let resolved = false;
    const done = room.applyServerUpdate(a.updates[0], "admin").then(() => (resolved = true));
    await turn();
    await turn();
    expect(one.ws.sent).toHaveLength(0);
    expect(resolved).toBe(false);
    const { items, gen } = room.takeStaged();
    room.markDurable(items, [1], gen);
    await done;
    expect(one.ws.sent).toHaveLength(1);
    const seen = new Y.Doc();
    Y.applyUpdate(seen, updateOf(one.ws.sent[0]));
    expect(textOf(seen)).toBe("restored");
  });
});

describe("the writer commits what a turn staged", () => {
  const seen = (ws: FakeSocket) => {
    const doc = new Y.Doc();
    for (const f of ws.sent) Y.applyUpdate(doc, updateOf(f));
    return textOf(doc);
  };

  it("in the same turn: an edit is applied, committed and relayed before the next turn starts", async () => {
    const { commits, room, connect, author } = setupWithWriter(0);
    const one = connect("u1");
    const two = connect("u2");
    const a = author();
    typeText(a.doc, "hi");
    for (const u of a.updates) one.ws.receive(updateMessage(u));
    expect(commits).toEqual([]);
    await turn();
    expect(commits).toEqual([1]); // both updates of the turn in one row, one commit
    expect(seen(two.ws)).toBe("hi");
    expect(one.ws.sent).toHaveLength(0); // never echoed
    expect(room.settled).toBe(true);
  });

  it("with commit pacing, turns inside the interval are relayed at once and committed together, in order", async () => {
    const { writer, commits, room, connect, author } = setupWithWriter(1_000);
    const one = connect("u1");
    const two = connect("u2");
    const a = author();
    typeText(a.doc, "a");
    one.ws.receive(updateMessage(a.updates[0]));
    await turn();
    expect(commits).toEqual([1]); // the first commit after a quiet spell starts at once
    expect(seen(two.ws)).toBe("a");
    typeText(a.doc, "b");
    one.ws.receive(updateMessage(a.updates[1]));
    await turn();
    typeText(a.doc, "c");
    one.ws.receive(updateMessage(a.updates[2]));
    await turn();
    expect(textOf(room.doc)).toBe("abc"); // applied,
    expect(seen(two.ws)).toBe("abc"); // relayed,
    expect(commits).toEqual([1]); // but not committed yet
    expect(room.settled).toBe(false);
    await writer.idle();
    expect(commits).toEqual([1, 2]); // one commit, one row per turn
    expect(room.settled).toBe(true);
  });
});

describe("readers outside the websocket (page renders, exports, publishing)", () => {
  /** Resolves to "pending" unless `p` settled within a few turns. */
  const settledWithin = async (p: Promise<Uint8Array>) => {
    const out = p.then(
      (state) => ({ state }),
      (error: Error) => ({ error }),
    );
    for (let i = 0; i < 3; i++) await turn();
    return Promise.race([out, Promise.resolve("pending" as const)]);
  };

  /** A room with one client's edit `text` integrated but not committed, and a read asked for then. */
  const askedWhileStaged = async (text: string) => {
    const { room, connect, author } = setup();
    const { ws } = connect("u1");
    const a = author();
    typeText(a.doc, text);
    ws.receive(updateMessage(a.updates[0]));
    await turn();
    return { room, ws, a, asked: room.durableState() };
  };

  it("get the document only once every edit in it is committed, as it was when they asked", async () => {
    const { room, ws, a, asked } = await askedWhileStaged("seen");
    expect(await settledWithin(asked)).toBe("pending");
    typeText(a.doc, "!"); // a later edit, integrated after the read was asked for
    ws.receive(updateMessage(a.updates[1]));
    await turn();
    const { items, gen } = room.takeStaged();
    room.markDurable(items, items.map((_, i) => i + 1), gen);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await asked);
    expect(textOf(doc)).toBe("seen");
  });

  it("are refused when the commit fails, so they read what the database has", async () => {
    const { room, asked } = await askedWhileStaged("lost");
    room.fail(new Error("disk full"));
    const result = await settledWithin(asked);
    expect(result).not.toBe("pending");
    expect((result as { error?: Error }).error?.message).toBe("disk full");
    await expect(room.durableState()).rejects.toThrow("document unloaded");
  });
});

describe("a room whose integration throws", () => {
  it("is dropped (its clients reconnect and resync) while the other rooms of the turn go on", async () => {
    const broken = setupWithWriter(0);
    const fine = setup(false, localRelay, broken.writer);
    const { commits } = broken;
    broken.room.doc.on("afterTransaction", () => {
      throw new Error("observer failure");
    });
    const b1 = broken.connect("u1");
    const f1 = fine.connect("u1");
    const f2 = fine.connect("u2");
    const a = broken.author();
    const c = fine.author();
    typeText(a.doc, "x");
    typeText(c.doc, "y");
    b1.ws.receive(updateMessage(a.updates[0]));
    f1.ws.receive(updateMessage(c.updates[0]));
    await turn();
    expect(broken.room.gone).toBe(true);
    expect(b1.ws.closeCode).toBe(CloseCode.DOCUMENT_RELOADED);
    expect(commits).toEqual([1]); // the other room's edit only
    expect(textOf(fine.room.doc)).toBe("y");
    expect(f2.ws.sent.length).toBe(1);
  });
});

describe("presence echoes", () => {
  it("a client sending back others' presence (as the stock provider does) is neither refused nor throttled", async () => {
    const { room, metrics, connect } = setup();
    const alice = connect("alice");
    const bob = connect("bob");
    alice.ws.receive(awarenessFrame([{ clientId: 1, clock: 1, json: caretJson(1) }]));
    // Far past the presence burst (60): Bob's provider echoes Alice's state back at every change.
    for (let i = 0; i < 200; i++) bob.ws.receive(awarenessFrame([{ clientId: 1, clock: 1, json: caretJson(1) }]));
    bob.ws.receive(awarenessFrame([{ clientId: 2, clock: 1, json: caretJson(7) }]));
    await turn();
    expect(metrics.refusals["awareness-throttled"]).toBeUndefined();
    expect(metrics.refusals["awareness-foreign-client"]).toBeUndefined();
    expect(new Map(room.presence.entries().map((e) => [e.clientId, marker(e.json)]))).toEqual(new Map([[1, 1], [2, 7]]));
    // A newer clock for someone else's client id is still an impersonation attempt.
    bob.ws.receive(awarenessFrame([{ clientId: 1, clock: 2, json: caretJson(99) }]));
    expect(metrics.refusals["awareness-foreign-client"]).toBe(1);
  });
});

describe("presence over the rate limit", () => {
  const cursorOf = (room: Room, clientId: number) => {
    const e = room.presence.entries().find((x) => x.clientId === clientId);
    return e ? marker(e.json) : undefined;
  };

  /** Sends a burst of presence states at one instant (no refill of the rate's bucket during it). */
  const burst = (ws: { receive(frame: Uint8Array): void }, count: number) => {
    const frames = Array.from({ length: count }, (_, i) => awarenessFrame([{ clientId: 1, clock: i + 1, json: caretJson(i + 1) }]));
    const now = vi.spyOn(performance, "now").mockReturnValue(performance.now());
    try {
      for (const frame of frames) ws.receive(frame);
    } finally {
      now.mockRestore();
    }
  };

  it("is held, not lost: the newest state of a burst is applied once the rate allows", async () => {
    const { room, metrics, connect } = setup();
    const alice = connect("alice");
    connect("bob");
    burst(alice.ws, 100);
    expect(metrics.refusals["awareness-throttled"]).toBe(40); // past the burst of 60
    expect(cursorOf(room, 1)).toBe(60);
    await expect.poll(() => cursorOf(room, 1)).toBe(100);
  });

  it("is dropped when its connection leaves first (no ghost cursor)", async () => {
    const { room, connect } = setup();
    const alice = connect("alice");
    connect("bob");
    burst(alice.ws, 61);
    alice.ws.emit("close", 1000);
    await new Promise((resolve) => setTimeout(resolve, 100)); // past the retry (1/30 s)
    expect(cursorOf(room, 1)).toBeUndefined();
  });
});

describe("relay frames between instances", () => {
  it("carry an update's log seqs, and frames without them still decode", () => {
    const update = new Uint8Array([1, 2, 3]);
    const withSeqs = decodeRelayFrame(encodeRelayFrame("instance-a", "doc-1", { kind: "update", data: update, seqs: [7, 300, 70000] }));
    expect(withSeqs).toEqual({ from: "instance-a", documentId: "doc-1", message: { kind: "update", data: update, seqs: [7, 300, 70000] } });
    const bare = decodeRelayFrame(encodeRelayFrame("instance-b", "doc-2", { kind: "update", data: update }));
    expect(bare.message).toEqual({ kind: "update", data: update });
    const presence = decodeRelayFrame(encodeRelayFrame("instance-b", "doc-2", { kind: "awareness", frame: update }));
    expect(presence.message).toEqual({ kind: "awareness", frame: update });
    const truncated = encodeRelayFrame("a", "d", { kind: "update", data: update, seqs: [5, 6] }).slice(0, -1);
    expect(() => decodeRelayFrame(truncated)).toThrow();
  });

  it("a room marks relayed rows as held, unless their update is waiting for missing history", async () => {
    const { room } = setupShared();
    const a = new Y.Doc();
    const updates: Uint8Array[] = [];
    a.on("update", (u: Uint8Array) => updates.push(u));
    typeText(a, "x");
    typeText(a, "y");
    room.applyRemoteUpdate(updates[1], [12]); // depends on "x", not here yet
    expect([...room.knownSeqs]).toEqual([]);
    room.applyRemoteUpdate(updates[0], [11]);
    expect([...room.knownSeqs]).toEqual([11]);
    expect(textOf(room.doc)).toBe("xy");
  });
});

describe("updates relayed from other instances", () => {
  it("reach local clients at the end of the turn, in one frame with local edits, and are never published again; local edits are published once committed", async () => {
    const published: unknown[] = [];
    const { room, connect, author, dirty } = setup(true, { publish: (_doc, message) => published.push(message), onMessage: () => () => {}, close: async () => {} });
    const local = connect("u1");
    const watcher = connect("u2");
    const remote = author();
    typeText(remote.doc, "R");
    room.applyRemoteUpdate(remote.updates[0], [40]);
    expect(dirty).toEqual([]); // stored by the instance it came from: not committed again
    const mine = author();
    typeText(mine.doc, "L");
    local.ws.receive(updateMessage(mine.updates[0]));
    await turn();
    expect(watcher.ws.sent).toHaveLength(1); // relayed at once, one frame
    expect(published).toHaveLength(0); // other instances get committed updates only
    const { items, gen } = room.takeStaged();
    room.markDurable(items, [41], gen);
    expect(watcher.ws.sent).toHaveLength(1);
    const seen = new Y.Doc();
    Y.applyUpdate(seen, updateOf(watcher.ws.sent[0]));
    expect(textOf(seen)).toContain("R");
    expect(textOf(seen)).toContain("L");
    expect(local.ws.sent).toHaveLength(1); // the remote edit, not its own
    const back = new Y.Doc();
    Y.applyUpdate(back, updateOf(local.ws.sent[0]));
    expect(textOf(back)).toBe("R");
    expect(published).toHaveLength(1); // only the local edit goes out to other instances
    expect(published[0]).toMatchObject({ kind: "update", seqs: [41] });
    expect([...room.knownSeqs].sort()).toEqual([40, 41]);
  });
});
