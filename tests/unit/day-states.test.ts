import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { rebuildableDays, sameState, statesAtDayEnds, utcDay } from "../../common/ydoc/day-states";
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
