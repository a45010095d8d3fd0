import { afterEach, describe, expect, it } from "vitest";
import type { DocumentWriter } from "../../db/queries/document-writer";
import { markStorageWritten, storageHealth } from "../../db/storage-health";
import { watchStorage } from "../../server/collab-adapters/storage-watch";

/** A writer whose next append fails with `failWith` (then succeeds). */
function fakeWriter() {
  const calls: string[] = [];
  let failWith: unknown = null;
  const writer: DocumentWriter = {
    async append(rows) {
      calls.push("append");
      if (failWith) {
        const e = failWith;
        failWith = null;
        throw e;
      }
      return rows.map((_, i) => i + 1);
    },
    async compact() {
      calls.push("compact");
    },
    async touch() {
      calls.push("touch");
    },
    async open() {},
    async close() {
      calls.push("close");
    },
    durability: "fake",
  };
  return { writer, calls, failNext: (e: unknown) => (failWith = e) };
}

const row = { documentId: "d", data: new Uint8Array([1]), userId: null };

describe("the collaboration server's writes and /healthz's storage health", () => {
  afterEach(() => markStorageWritten());

  it("marks storage failed on a full disk and clears it with the next commit that succeeds", async () => {
    const { writer, failNext } = fakeWriter();
    const watched = watchStorage(writer);
    failNext(Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" }));
    await expect(watched.append([row])).rejects.toThrow("database or disk is full");
    expect(storageHealth()).toMatchObject({ ok: false, error: "SQLITE_FULL" });
    expect(await watched.append([row, row])).toEqual([1, 2]);
    expect(storageHealth().ok).toBe(true);
  });

  it("leaves the health alone for a failure that is not storage's (and still rejects with it)", async () => {
    const { writer, failNext } = fakeWriter();
    const watched = watchStorage(writer);
    failNext(new Error("update refused"));
    await expect(watched.append([row])).rejects.toThrow("update refused");
    expect(storageHealth().ok).toBe(true);
  });

  it("passes everything else through unchanged", async () => {
    const { writer, calls } = fakeWriter();
    const watched = watchStorage(writer);
    await watched.compact("d", { data: new Uint8Array(), lastSeq: 1, plainText: "" });
    await watched.touch("d", { at: "now", by: null });
    await watched.close();
    expect(calls).toEqual(["compact", "touch", "close"]);
    expect(watched.durability).toBe("fake");
    expect(watched.compactFromLog).toBeUndefined();
  });
});
