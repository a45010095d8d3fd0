import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as m0036 from "../../db/migrations/0036-day-state-encoding";
import { getDb } from "../../db/client";
import { insertDayStates, latestDayStateBefore, listDayStates } from "../../db/queries/document-day-states";
import { createCoalition, createDocument, createUser } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";

// The timeline's kept days (issue 23) are stored compressed (migration 0036); rows kept before it
// hold the Yjs update as it is and still read back. Both dialects.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

function draft(paragraphs: number): Uint8Array {
  const doc = new Y.Doc();
  const text = doc.getText("t");
  for (let i = 0; i < paragraphs; i++) text.insert(text.length, `Paragraph ${i}: the coalition supports open standards and the public's access to knowledge. `);
  text.delete(0, 12);
  return Y.encodeStateAsUpdate(doc);
}

async function aDocument() {
  const coalition = await createCoalition();
  const user = await createUser();
  return createDocument(coalition.id, user.id, { title: "Charter" });
}

describe("kept day states", () => {
  it("are stored compressed and read back byte for byte", async () => {
    const doc = await aDocument();
    const monday = draft(200);
    const tuesday = draft(260);
    await insertDayStates(getDb(), doc.id, [{ day: "2026-11-30", state: monday, userIds: ["u1"] }, { day: "2026-12-01", state: tuesday, userIds: ["u2"] }], new Date().toISOString());
    const rows = await getDb().selectFrom("document_day_states").select(["day", "state", "encoding"]).where("document_id", "=", doc.id).orderBy("day").execute();
    expect(rows.map((r) => r.encoding)).toEqual(["deflate", "deflate"]);
    expect(rows[1].state.byteLength).toBeLessThan(tuesday.byteLength / 2);
    const read = await listDayStates(getDb(), doc.id);
    expect(read.map((d) => [d.day, Buffer.from(d.state).equals(Buffer.from(d.day === "2026-11-30" ? monday : tuesday)), d.userIds])).toEqual([
      ["2026-11-30", true, ["u1"]],
      ["2026-12-01", true, ["u2"]],
    ]);
    expect(Buffer.from((await latestDayStateBefore(getDb(), doc.id, "2026-12-01"))!).equals(Buffer.from(monday))).toBe(true);
  });

  it("kept before migration 0036 (the update's bytes) still read, and its down step keeps them", async () => {
    const doc = await aDocument();
    const old = draft(50);
    await getDb().insertInto("document_day_states").values({ document_id: doc.id, day: "2026-10-01", state: Buffer.from(old), user_ids: "[]", created_at: new Date().toISOString() }).execute();
    expect(Buffer.from((await listDayStates(getDb(), doc.id))[0].state).equals(Buffer.from(old))).toBe(true);
    await m0036.down(getDb());
    try {
      const row = await getDb().selectFrom("document_day_states").select(["day"]).where("document_id", "=", doc.id).executeTakeFirstOrThrow();
      expect(row.day).toBe("2026-10-01");
    } finally {
      await m0036.up(getDb());
    }
    expect(Buffer.from((await listDayStates(getDb(), doc.id))[0].state).equals(Buffer.from(old))).toBe(true);
  });
});
