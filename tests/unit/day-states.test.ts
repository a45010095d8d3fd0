import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { rebuildableDays, sameState, snapshotOfState, statesAtDayEnds, utcDay } from "../../common/ydoc/day-states";
import { yDocPlainText } from "../../common/ydoc/ydoc-state";

// The timeline's days (issue 23), rebuilt from a snapshot and timestamped log rows.

/** One client typing into a paragraph; each call returns the update it made. */
function typist() {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  doc.getXmlFragment("default").insert(0, [paragraph]);
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  let sv: Uint8Array = new Uint8Array([0]);
  return (words: string) => {
    text.insert(text.length, words);
    const update = Y.encodeStateAsUpdate(doc, sv);
    sv = Y.encodeStateVector(doc);
    return update;
  };
}

const textOf = (state: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return yDocPlainText(doc);
};

describe("a document's state at the end of each UTC day", () => {
  it("takes the UTC day of a timestamp", () => {
    expect(utcDay("2026-03-01T23:59:59.999Z")).toBe("2026-03-01");
    expect(utcDay("2026-03-01T23:30:00-01:00")).toBe("2026-03-02");
  });

  it("rebuilds each day with rows, and the snapshot's day, from the snapshot and the rows up to that day's end", () => {
    const type = typist();
    const snapshot = { data: type("Monday."), updatedAt: "2026-03-02T20:00:00.000Z" };
    const rows = [
      { data: type(" Tuesday."), userId: "bob", createdAt: "2026-03-03T08:00:00.000Z" },
      { data: type(" Thursday."), userId: "ada", createdAt: "2026-03-05T23:59:00.000Z" },
      { data: type(" And late."), userId: "bob", createdAt: "2026-03-05T23:59:30.000Z" },
    ];
    expect(rebuildableDays(snapshot, rows)).toEqual(["2026-03-02", "2026-03-03", "2026-03-05"]);
    const days = statesAtDayEnds(snapshot, rows);
    expect(days.map((d) => [d.day, textOf(d.state), d.userIds.sort()])).toEqual([
      ["2026-03-02", "Monday.", []],
      ["2026-03-03", "Monday. Tuesday.", ["bob"]],
      ["2026-03-05", "Monday. Tuesday. Thursday. And late.", ["ada", "bob"]],
    ]);
    expect(sameState(days[0].state, days[0].state)).toBe(true);
    expect(sameState(days[0].state, days[1].state)).toBe(false);
  });
});

describe("a state's snapshot read from the update", () => {
  it("equals the snapshot of a document built from it: several clients, deletions, garbage-collected items", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const text = a.getText("t");
    text.insert(0, "We support open standards.");
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    b.getText("t").insert(0, "Today: ");
    b.getText("t").delete(10, 5);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    a.getMap("m").set("k", "v");
    a.getMap("m").set("k", "w"); // the first value is deleted and collected
    text.delete(0, 3);
    const state = Y.encodeStateAsUpdate(a);
    const built = new Y.Doc();
    Y.applyUpdate(built, state);
    const expected = Y.snapshot(built);
    expect(Y.equalSnapshots(snapshotOfState(state), expected)).toBe(true);
    expect(snapshotOfState(state).sv).toEqual(expected.sv);
    // A deletion alone changes the snapshot; the same state encoded again does not.
    text.delete(0, 1);
    expect(Y.equalSnapshots(snapshotOfState(Y.encodeStateAsUpdate(a)), expected)).toBe(false);
    expect(sameState(state, Y.encodeStateAsUpdate(built))).toBe(true);
    expect(sameState(state, Y.encodeStateAsUpdate(a))).toBe(false);
  });

  it("falls back to Yjs' reading when the update skips a range (a merge of updates with a gap)", () => {
    const doc = new Y.Doc();
    const text = doc.getText("t");
    text.insert(0, "one ");
    const first = Y.encodeStateAsUpdate(doc);
    text.insert(4, "two ");
    const sv2 = Y.encodeStateVector(doc);
    text.insert(8, "three");
    const third = Y.encodeStateAsUpdate(doc, sv2);
    const gapped = Y.mergeUpdates([first, third]);
    expect(snapshotOfState(gapped).sv).toEqual(Y.decodeStateVector(Y.encodeStateVectorFromUpdate(gapped)));
  });
});
