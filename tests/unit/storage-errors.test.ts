import { describe, expect, it } from "vitest";
import { guardStorage, isStorageError, storageUnavailableMessage } from "../../app/lib/storage-errors";
import { markStorageWritten, storageHealth } from "../../db/storage-health";

const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("isStorageError", () => {
  it("knows SQLite's full, I/O, cannot-open and read-only codes (extended ones too)", () => {
    for (const code of ["SQLITE_FULL", "SQLITE_IOERR", "SQLITE_IOERR_WRITE", "SQLITE_IOERR_FSYNC", "SQLITE_CANTOPEN", "SQLITE_READONLY"]) expect(isStorageError(withCode(code)), code).toBe(true);
  });

  it("knows PostgreSQL's disk full, connection failures and shutdowns", () => {
    for (const code of ["53100", "53000", "08006", "08001", "57P01", "57P03"]) expect(isStorageError(withCode(code)), code).toBe(true);
    expect(isStorageError(withCode("ECONNREFUSED"))).toBe(true);
    expect(isStorageError(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isStorageError(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isStorageError(new Error("wrapped", { cause: withCode("53100") }))).toBe(true);
  });

  it("does not take other database errors or ordinary errors for storage failures", () => {
    for (const code of ["SQLITE_CONSTRAINT_UNIQUE", "SQLITE_BUSY", "SQLITE_ERROR", "23505", "42P01", "40001"]) expect(isStorageError(withCode(code)), code).toBe(false);
    expect(isStorageError(new Error("Cannot read properties of undefined"))).toBe(false);
    expect(isStorageError(null)).toBe(false);
    expect(isStorageError("SQLITE_FULL")).toBe(false);
  });
});

describe("guardStorage", () => {
  it("passes a stored result through", async () => {
    expect(await guardStorage(async () => 42)).toEqual({ stored: true, value: 42 });
  });

  it("turns a storage error into { stored: false } and marks storage failed until a write succeeds", async () => {
    expect(await guardStorage(async () => Promise.reject(withCode("SQLITE_FULL")))).toEqual({ stored: false });
    expect(storageHealth()).toMatchObject({ ok: false, error: "SQLITE_FULL" });
    markStorageWritten();
    expect(storageHealth().ok).toBe(true);
    expect(storageUnavailableMessage()).toBe("Storage is full or unavailable: nothing was saved. Try again.");
  });

  it("throws any other error on", async () => {
    await expect(guardStorage(async () => Promise.reject(withCode("SQLITE_CONSTRAINT_UNIQUE")))).rejects.toThrow();
    expect(storageHealth().ok).toBe(true);
  });
});
