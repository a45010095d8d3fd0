import * as Y from "yjs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { userColor } from "../../common/user-color";
import { initials } from "../../app/components/documents/avatars";
import { authorOfUpdate } from "../../app/components/documents/edit-attribution";
import { agoText } from "../../app/components/documents/last-edited";
import { statusOf } from "../../app/components/documents/status-text";
import { clockTime, UnsavedChanges } from "../../app/components/documents/unsaved-changes";
import type { CollabStatus } from "../../app/components/documents/use-collab.client";
import { userColor as serverUserColor } from "../../server/collab/awareness";

const at = (h: number, m: number, s = 0, day = 7) => new Date(2026, 11, day, h, m, s).getTime();

describe("unsaved changes, in words", () => {
  it("dates the unsaved work from its first change, and moves on as the server confirms", () => {
    const u = new UnsavedChanges();
    expect(u.since).toBeNull();
    u.edit(at(10, 42, 5));
    u.edit(at(10, 42, 50));
    const first = u.head; // a message sent now acknowledges these two
    u.edit(at(10, 44, 1));
    u.edit(at(10, 45, 0));
    expect(u.pending).toBe(4);
    expect(u.since).toBe(at(10, 42, 5));
    u.ack(first);
    expect(u.pending).toBe(2);
    expect(u.since).toBe(at(10, 44, 1));
    u.ack(first); // an older answer again changes nothing
    expect(u.since).toBe(at(10, 44, 1));
    u.ack(u.head);
    expect(u.pending).toBe(0);
    expect(u.since).toBeNull();
    u.edit(at(10, 45, 30)); // same minute as an already saved mark: a new one all the same
    expect(u.since).toBe(at(10, 45, 30));
  });

  it("keeps the time of work left unsaved by an earlier visit until the server confirms it", () => {
    const u = new UnsavedChanges(at(9, 5));
    expect(u.since).toBe(at(9, 5));
    u.edit(at(11, 0));
    expect(u.since).toBe(at(9, 5));
    u.ack(1);
    expect(u.since).toBe(at(11, 0));
  });

  it("writes the time as the clock on the wall shows it, with the day when it was not today", () => {
    expect(clockTime(at(10, 42, 59), at(18, 0))).toBe("10:42");
    expect(clockTime(at(9, 3), at(9, 4))).toBe("09:03");
    expect(clockTime(at(23, 50, 0, 6), at(0, 10))).toBe("6 Dec, 23:50");
  });

  it("says how long ago someone edited", () => {
    expect(agoText(at(10, 0), at(10, 0, 40))).toBe("just now");
    expect(agoText(at(10, 0), at(10, 1, 10))).toBe("a minute ago");
    expect(agoText(at(10, 0), at(10, 25))).toBe("25 minutes ago");
    expect(agoText(at(10, 0), at(12, 0))).toBe("at 10:00");
  });
});

describe("the status pill", () => {
  const base: CollabStatus = { connection: "connected", synced: true, browserOffline: false, unsent: 0, unsavedSince: null, ready: true, closed: null, lastClose: null, lastEdit: null, announcement: null };
  const since = at(10, 42);
  // The pill writes a time of today without its day: the wall clock stands on that same day.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(at(18, 0));
  });
  afterEach(() => vi.useRealTimers());

  it("says Offline as soon as the browser does, even while the socket still looks open", () => {
    expect(statusOf({ ...base, browserOffline: true }, true)).toEqual({ state: "offline", text: "Offline — reconnecting when the network is back" });
  });

  it("never says Saving… while offline; it names the time of the unsaved work instead of counting", () => {
    for (const offline of [{ browserOffline: true }, { connection: "disconnected" as const, synced: false }, { synced: false }]) {
      const s = statusOf({ ...base, ...offline, unsent: 7, unsavedSince: since }, true);
      expect(s.state).toBe("offline");
      expect(s.text).toBe("Offline — changes since 10:42 not yet saved, kept on this device");
    }
  });

  it("says Saving… only while connected, and saved once confirmed", () => {
    expect(statusOf({ ...base, unsent: 2, unsavedSince: since }, true)).toEqual({ state: "saving", text: "Saving…" });
    expect(statusOf(base, true)).toEqual({ state: "saved", text: "Connected · all changes saved" });
    expect(statusOf(base, false).state).toBe("reading");
  });

  it("gives a temporary close's reason while reconnecting, and a permanent close wins", () => {
    expect(statusOf({ ...base, connection: "disconnected", synced: false, lastClose: "The server is restarting. Reconnecting…" }, true).text).toBe("Offline — The server is restarting. Reconnecting…");
    expect(statusOf({ ...base, connection: "connecting", synced: false }, true).state).toBe("connecting");
    expect(statusOf({ ...base, browserOffline: true, closed: { code: 4403, message: "gone" } }, true).state).toBe("closed");
  });
});

describe("who edited: a remote update matched to the people present", () => {
  const person = (name: string, id: string) => ({ user: { id, name, color: userColor(id) } });

  it("names the present person whose client wrote the update", () => {
    const ada = new Y.Doc();
    const bruno = new Y.Doc();
    const updates: Uint8Array[] = [];
    ada.on("update", (u: Uint8Array) => updates.push(u));
    ada.getText("t").insert(0, "Ada writes");
    const states = new Map<number, unknown>([
      [ada.clientID, person("Ada Lovelace", "u-ada")],
      [bruno.clientID, person("Bruno Costa", "u-bruno")],
    ]);
    expect(authorOfUpdate(updates[0], states, bruno.clientID)?.name).toBe("Ada Lovelace");
    // Our own echo is not "someone else", and someone not present is nobody.
    expect(authorOfUpdate(updates[0], states, ada.clientID)).toBeNull();
    expect(authorOfUpdate(updates[0], new Map([[bruno.clientID, person("Bruno Costa", "u-bruno")]]), bruno.clientID)).toBeNull();
  });

  it("finds no author in a deletion (Yjs does not record who deletes) or in garbage", () => {
    const ada = new Y.Doc();
    ada.getText("t").insert(0, "some text");
    const updates: Uint8Array[] = [];
    ada.on("update", (u: Uint8Array) => updates.push(u));
    ada.getText("t").delete(0, 4);
    const states = new Map<number, unknown>([[ada.clientID, person("Ada Lovelace", "u-ada")]]);
    expect(authorOfUpdate(updates[0], states, 1)).toBeNull();
    expect(authorOfUpdate(new Uint8Array([255, 255, 255]), states, 1)).toBeNull();
  });
});

describe("avatars", () => {
  it("show whole initials: first and last name, two letters of a single name, whole letters", () => {
    expect(initials("Ada Lovelace")).toBe("AL");
    expect(initials("Grace Brewster Murray Hopper")).toBe("GH");
    expect(initials("  ada   lovelace ")).toBe("AL");
    expect(initials("Ada")).toBe("AD");
    expect(initials("Émile Zola")).toBe("ÉZ");
    expect(initials("(Ada) Lovelace")).toBe("AL");
    expect(initials("𝒜da Lovelace")).toBe("𝒜L");
    expect(initials("   ")).toBe("?");
  });

  it("give each person the colour the collaboration server stamps for them, from the id alone", () => {
    // One function on both sides (a copy on the server once drifted to another palette).
    expect(serverUserColor).toBe(userColor);
    for (const id of ["01J9Z3K5Q8", "u-ada", "u-bruno", "x", "", "a-much-longer-identifier-0123456789"]) expect(userColor(id)).toMatch(/^#[0-9a-f]{6}$/);
    expect(new Set(["u1", "u2", "u3", "u4", "u5", "u6"].map(userColor)).size).toBeGreaterThan(1);
  });
});
