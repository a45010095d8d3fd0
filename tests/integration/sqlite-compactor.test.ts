import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applyStoredState, yDocPlainText } from "../../common/ydoc/ydoc-state";
import { closeDb, getDb, openDatabase, setDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { appendUpdates, loadDocumentState } from "../../db/queries/document-state";
import { openDocumentWriter } from "../../db/queries/document-writer";
import { SqliteCompactor } from "../../db/sqlite-compactor";
import { addMember, createCoalition, createDocument, createUser } from "../helpers/factories";

// Compactions built off the stored log on their own thread (db/sqlite-compactor.ts), on a real file.
let dir: string;
let path: string;
let coalitionId: string;
let userId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cw-compactor-"));
  path = join(dir, "workspace.db");
  setDb(openDatabase(`file:${path}`));
  await migrateToLatest(getDb());
  userId = (await createUser()).id;
  coalitionId = (await createCoalition()).id;
  await addMember(coalitionId, userId, "member");
});
afterAll(async () => {
  await closeDb();
  rmSync(dir, { recursive: true, force: true });
});

/** A Tiptap-shaped document typed paragraph by paragraph: one stored row per paragraph. */
function typedRows(paragraphs: string[]): { doc: Y.Doc; rows: Uint8Array[] } {
  const doc = new Y.Doc();
  const rows: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => rows.push(u));
  const fragment = doc.getXmlFragment("default");
  for (const text of paragraphs) {
    const p = new Y.XmlElement("paragraph");
    p.insert(0, [new Y.XmlText(text)]);
    fragment.insert(fragment.length, [p]);
  }
  return { doc, rows };
}

async function stored(documentId: string) {
  const state = await loadDocumentState(getDb(), documentId);
  const doc = new Y.Doc();
  expect(applyStoredState(doc, state).bad).toEqual([]);
  return { state, text: yDocPlainText(doc) };
}

describe("SqliteCompactor", () => {
  it("merges the rows up to lastSeq into the snapshot, keeps the later ones, and stores the plain text and last edit", async () => {
    const documentId = (await createDocument(coalitionId, userId)).id;
    const paragraphs = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} of the charter.`);
    const { doc, rows } = typedRows(paragraphs);
    const seqs = await appendUpdates(getDb(), rows.map((data) => ({ documentId, data, userId })));
    const compactor = new SqliteCompactor(path, "FULL");
    try {
      const edited = { at: "2026-11-29T12:00:00.000Z", by: userId };
      const done = await compactor.compact(documentId, { lastSeq: seqs[19], edited });
      expect(done.rows).toBe(20);
      expect(done.bytes).toBeGreaterThan(0);
      const after = await stored(documentId);
      expect(after.state.snapshot?.lastSeq).toBe(seqs[19]);
      expect(after.state.updates.map((u) => u.seq)).toEqual(seqs.slice(20));
      expect(after.text).toBe(yDocPlainText(doc));
      const row = await getDb().selectFrom("documents").select(["plain_text", "last_edited_by", "last_edited_at"]).where("id", "=", documentId).executeTakeFirstOrThrow();
      expect(row.plain_text).toBe(paragraphs.slice(0, 20).join("\n"));
      expect(row.last_edited_by).toBe(userId);
      expect(row.last_edited_at).toBe(edited.at);

      // The next compaction starts from that snapshot; with nothing after it there is nothing to do.
      expect((await compactor.compact(documentId, { lastSeq: seqs[29] })).rows).toBe(10);
      expect((await stored(documentId)).state.updates).toEqual([]);
      expect((await stored(documentId)).text).toBe(yDocPlainText(doc));
      expect(await compactor.compact(documentId, { lastSeq: seqs[29] })).toEqual({ bytes: 0, rows: 0 });
    } finally {
      await compactor.close();
    }
  });

  it("refuses, changing nothing, when a stored row cannot be applied or references missing history", async () => {
    const compactor = new SqliteCompactor(path, "NORMAL");
    try {
      for (const [bad, reason] of [
        [Uint8Array.from([1, 2, 3, 4, 5]), /row \d+ cannot be applied/],
        [typedRows(["a", "b"]).rows[1], /row \d+ references missing history/],
      ] as const) {
        const documentId = (await createDocument(coalitionId, userId)).id;
        const good = typedRows(["kept"]).rows;
        const seqs = await appendUpdates(getDb(), [...good, bad].map((data) => ({ documentId, data, userId })));
        await expect(compactor.compact(documentId, { lastSeq: seqs[seqs.length - 1] })).rejects.toThrow(reason);
        const after = await loadDocumentState(getDb(), documentId);
        expect(after.snapshot).toBeNull();
        expect(after.updates.map((u) => u.seq)).toEqual(seqs);
      }
      // The thread is still there for the next document.
      const documentId = (await createDocument(coalitionId, userId)).id;
      const seqs = await appendUpdates(getDb(), typedRows(["after"]).rows.map((data) => ({ documentId, data, userId })));
      expect((await compactor.compact(documentId, { lastSeq: seqs[0] })).rows).toBe(1);
    } finally {
      await compactor.close();
    }
  });

  it("is what both SQLite writers compact with; a Kysely writer has none", async () => {
    for (const writerKind of ["worker", "main"] as const) {
      const documentId = (await createDocument(coalitionId, userId)).id;
      const { doc, rows } = typedRows(["one", "two", "three"]);
      const writer = openDocumentWriter({ db: getDb(), url: `file:${path}` }, { synchronous: "FULL", thread: writerKind });
      try {
        const seqs = await writer.append(rows.map((data) => ({ documentId, data, userId })));
        expect(await writer.compactFromLog!(documentId, { lastSeq: seqs[2] })).toMatchObject({ rows: 3 });
        const after = await stored(documentId);
        expect(after.state.updates).toEqual([]);
        expect(after.text).toBe(yDocPlainText(doc));
      } finally {
        await writer.close();
      }
    }
    expect(openDocumentWriter({ db: getDb(), url: "file::memory:" }).compactFromLog).toBeUndefined();
  });
});
