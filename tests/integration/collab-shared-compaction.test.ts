import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applyStoredState, yDocPlainText } from "../../common/ydoc/ydoc-state";
import { closeDb, getDb, openDatabase, setDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { appendUpdates, compactDocument, loadDocumentState } from "../../db/queries/document-state";
import { typeText } from "../helpers/collab";
import { createCoalition, createDocument, createUser } from "../helpers/factories";
import { createTestPgDatabase, PG_ADMIN_URL, pgReachable } from "../helpers/pg";

// Several instances write one document: a row can commit after rows with higher seqs were
// already merged, and two instances can compact at once. Nothing may be lost either way.

const usePg = Boolean(process.env.TEST_PG_URL) && (await pgReachable());
let dir: string;
let drop: (() => Promise<void>) | undefined;
let documentId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cw-shared-compaction-"));
  let url = `file:${join(dir, "w.db")}`;
  if (usePg) {
    const pg = await createTestPgDatabase(PG_ADMIN_URL);
    url = pg.url;
    drop = pg.drop;
  }
  setDb(openDatabase(url));
  await migrateToLatest(getDb());
  const coalition = await createCoalition();
  documentId = (await createDocument(coalition.id, (await createUser()).id)).id;
});
afterAll(async () => {
  await closeDb();
  await drop?.();
  rmSync(dir, { recursive: true, force: true });
});

/** An update from a client of its own that types `text`. */
function edit(text: string): Uint8Array {
  const doc = new Y.Doc();
  typeText(doc, text);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

async function storedText(): Promise<string> {
  const doc = new Y.Doc();
  const { bad } = applyStoredState(doc, await loadDocumentState(getDb(), documentId));
  expect(bad).toEqual([]);
  return yDocPlainText(doc);
}

describe("compaction with several writers (coveredSeqs)", () => {
  it("keeps a row that committed late with a lower seq, and merges a racing stale snapshot instead of dropping it", async () => {
    const [s1, s2, s3] = await appendUpdates(getDb(), ["alpha", "beta", "gamma"].map((t) => ({ documentId, data: edit(t), userId: null })));
    const rows = (await loadDocumentState(getDb(), documentId)).updates;
    const byseq = new Map(rows.map((r) => [r.seq, r.data]));

    // Instance A merged rows 1 and 3; row 2 (another instance's) had not committed when A read the log.
    const a = new Y.Doc();
    Y.applyUpdate(a, byseq.get(s1)!);
    Y.applyUpdate(a, byseq.get(s3)!);
    await compactDocument(getDb(), documentId, { data: Y.encodeStateAsUpdate(a), lastSeq: s3, plainText: yDocPlainText(a), coveredSeqs: [s1, s3] });
    let state = await loadDocumentState(getDb(), documentId);
    expect(state.updates.map((u) => u.seq)).toEqual([s2]); // the late row is still in the log…
    let text = await storedText();
    for (const word of ["alpha", "beta", "gamma"]) expect(text).toContain(word); // …and loads

    // Instance B compacts at the same time from an older view (only row 2): merged, not replacing A's.
    const b = new Y.Doc();
    Y.applyUpdate(b, byseq.get(s2)!);
    await compactDocument(getDb(), documentId, { data: Y.encodeStateAsUpdate(b), lastSeq: s2, plainText: yDocPlainText(b), coveredSeqs: [s2] });
    state = await loadDocumentState(getDb(), documentId);
    expect(state.updates).toEqual([]);
    expect(state.snapshot!.lastSeq).toBe(s3);
    text = await storedText();
    for (const word of ["alpha", "beta", "gamma"]) expect(text).toContain(word);
  });
});

describe("a compactor that knows the stored snapshot (knownStamp)", () => {
  it("replaces the snapshot it knows, merges one another instance wrote since, and returns the stamp loading reports", async () => {
    const doc = (await createDocument((await createCoalition()).id, (await createUser()).id)).id;
    const [s1] = await appendUpdates(getDb(), [{ documentId: doc, data: edit("first"), userId: null }]);
    const mine = new Y.Doc();
    Y.applyUpdate(mine, (await loadDocumentState(getDb(), doc)).updates[0].data);
    const stamp1 = (await compactDocument(getDb(), doc, { data: Y.encodeStateAsUpdate(mine), lastSeq: s1, plainText: yDocPlainText(mine), coveredSeqs: [s1], knownStamp: null })) as string;
    expect(stamp1).toBe((await loadDocumentState(getDb(), doc)).snapshot!.stamp);

    // Another instance compacts a row this copy never saw: the stamp moves on, and a compaction
    // from the stale stamp merges instead of dropping "theirs".
    const [s2] = await appendUpdates(getDb(), [{ documentId: doc, data: edit("theirs"), userId: null }]);
    const theirs = new Y.Doc();
    applyStoredState(theirs, await loadDocumentState(getDb(), doc));
    const stamp2 = await compactDocument(getDb(), doc, { data: Y.encodeStateAsUpdate(theirs), lastSeq: s2, plainText: yDocPlainText(theirs), coveredSeqs: [s2] });
    expect(stamp2).not.toBe(stamp1);
    const [s3] = await appendUpdates(getDb(), [{ documentId: doc, data: edit("mine"), userId: null }]);
    Y.applyUpdate(mine, (await loadDocumentState(getDb(), doc)).updates[0].data);
    const stamp3 = (await compactDocument(getDb(), doc, { data: Y.encodeStateAsUpdate(mine), lastSeq: s3, plainText: yDocPlainText(mine), coveredSeqs: [s3], knownStamp: stamp1 })) as string;
    const loaded = new Y.Doc();
    applyStoredState(loaded, await loadDocumentState(getDb(), doc));
    for (const word of ["first", "theirs", "mine"]) expect(yDocPlainText(loaded)).toContain(word);

    // With the current stamp the caller vouches that its state holds the stored one: it is written
    // as it is, without decoding the stored snapshot (a state lacking the stored words shows it).
    const vouched = edit("vouched");
    await compactDocument(getDb(), doc, { data: vouched, lastSeq: s3, plainText: "vouched", coveredSeqs: [], knownStamp: stamp3 });
    expect(Buffer.from((await loadDocumentState(getDb(), doc)).snapshot!.data).equals(Buffer.from(vouched))).toBe(true);
  });
});
