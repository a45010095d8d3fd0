import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applyStoredState, yDocPlainText } from "../../app/lib/ydoc-state";
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
