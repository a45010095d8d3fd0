import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { closeDb, getDb, openDatabase, setDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { loadDocumentState } from "../../db/queries/document-state";
import { openDocumentWriter } from "../../db/queries/document-writer";
import { openSqliteWriterCore } from "../../db/sqlite-writer-core.mjs";
import { addMember, createCoalition, createDocument, createUser } from "../helpers/factories";
import { parseConfig, sqliteWriterFromConfig } from "../../app/lib/config.server";

/** The writer options the server derives from these environment variables. */
const writerOptions = (env: Record<string, string | undefined>) => sqliteWriterFromConfig(parseConfig(env));

// The collaboration log's SQLite writer on a real file: its durability level comes from
// COLLAB_SQLITE_SYNCHRONOUS (default FULL), and a wrong value is a configuration error.
let dir: string;
let path: string;
let documentId: string;
let userId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cw-writer-"));
  path = join(dir, "workspace.db");
  setDb(openDatabase(`file:${path}`));
  await migrateToLatest(getDb());
  const user = await createUser();
  userId = user.id;
  const coalition = await createCoalition();
  await addMember(coalition.id, user.id, "member");
  documentId = (await createDocument(coalition.id, user.id)).id;
});
afterAll(async () => {
  await closeDb();
  rmSync(dir, { recursive: true, force: true });
});

function anUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe("COLLAB_SQLITE_SYNCHRONOUS", () => {
  it("is FULL unless set to normal (any case); anything else is refused with the variable named", () => {
    const synchronous = (env: Record<string, string>) => writerOptions(env).synchronous;
    expect(synchronous({})).toBe("FULL");
    expect(synchronous({ COLLAB_SQLITE_SYNCHRONOUS: "" })).toBe("FULL");
    expect(synchronous({ COLLAB_SQLITE_SYNCHRONOUS: "full" })).toBe("FULL");
    expect(synchronous({ COLLAB_SQLITE_SYNCHRONOUS: " Normal " })).toBe("NORMAL");
    expect(() => synchronous({ COLLAB_SQLITE_SYNCHRONOUS: "off" })).toThrow(/COLLAB_SQLITE_SYNCHRONOUS="off"/);
    expect(() => synchronous({ COLLAB_SQLITE_SYNCHRONOUS: "extra" })).toThrow(/COLLAB_SQLITE_SYNCHRONOUS/);
  });

  it("opens the writer connection at that level, and both levels commit before they return", () => {
    for (const [level, pragma] of [["FULL", 2], ["NORMAL", 1]] as const) {
      const core = openSqliteWriterCore(path, { synchronous: level });
      try {
        expect(core.synchronous()).toBe(pragma);
        const [seq] = core.append([{ documentId, data: anUpdate(level), userId }]);
        expect(seq).toBeGreaterThan(0);
      } finally {
        core.close();
      }
    }
    expect(() => openSqliteWriterCore(path, { synchronous: "OFF" as never })).toThrow(/synchronous must be one of FULL, NORMAL/);
    // SQLite's own checkpoint every 1,000 pages unless the writer leaves it to the checkpointer thread.
    for (const [walAutocheckpoint, pages] of [[undefined, 1000], [16_384, 16_384]] as const) {
      const core = openSqliteWriterCore(path, { walAutocheckpoint });
      expect(core.walAutocheckpoint()).toBe(pages);
      core.close();
    }
  });

  it("the worker-thread and main-thread writers say how they commit and store what they are given", async () => {
    for (const env of [{}, { COLLAB_SQLITE_WRITER: "main", COLLAB_SQLITE_SYNCHRONOUS: "normal" }]) {
      const writer = openDocumentWriter({ db: getDb(), url: `file:${path}` }, writerOptions(env));
      try {
        expect(writer.durability).toBe(
          env.COLLAB_SQLITE_SYNCHRONOUS ? "sqlite synchronous=NORMAL, main thread, WAL checkpoints on their own thread" : "sqlite synchronous=FULL, writer thread, WAL checkpoints on their own thread",
        );
        const seqs = await writer.append([{ documentId, data: anUpdate("stored"), userId }]);
        const stored = await loadDocumentState(getDb(), documentId);
        expect(stored.updates.map((u) => u.seq)).toContain(seqs[0]);
      } finally {
        await writer.close();
      }
    }
  });

  it("open() readies the writer before the first commit, and a database it cannot open fails there", async () => {
    for (const env of [{}, { COLLAB_SQLITE_WRITER: "main" }]) {
      const good = openDocumentWriter({ db: getDb(), url: `file:${path}` }, writerOptions(env));
      try {
        await good.open();
        const [seq] = await good.append([{ documentId, data: anUpdate("after open"), userId }]);
        expect(seq).toBeGreaterThan(0);
      } finally {
        await good.close();
      }
      const bad = openDocumentWriter({ db: getDb(), url: `file:${join(dir, "no-such-dir", "x.db")}` }, writerOptions(env));
      try {
        await expect(bad.open()).rejects.toThrow(/directory does not exist|unable to open/i);
      } finally {
        await bad.close();
      }
    }
  });
});
