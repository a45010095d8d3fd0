import { markStorageFailed } from "../../db/storage-health";
import { t } from "./i18n/messages";

/**
 * Storage errors: the database is full or cannot be reached. They answer 503 with one plain
 * message (nothing was saved; trying again is safe), and set the process's storage health so that
 * /healthz reports it until a write succeeds again (db/storage-health.ts).
 */
export function storageUnavailableMessage(): string {
  return t("storage.unavailable");
}

/** SQLite result codes (better-sqlite3's `code`, extended codes included) that mean storage failed. */
const SQLITE_CODES = /^SQLITE_(FULL|IOERR|CANTOPEN|READONLY)(_|$)/;
/** PostgreSQL SQLSTATEs: 53100 disk_full, 53000 insufficient_resources, class 08 connection exceptions, shutdown and startup. */
const PG_CODES = /^(53000|53100|08\d\d\d|57P01|57P02|57P03)$/;
/** Node socket errors on the way to the database server. */
const NET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND", "ENOSPC", "EIO"]);
/** pg's own messages for a lost or unobtainable connection (they carry no code). */
const PG_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

export function isStorageError(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === "string" && (SQLITE_CODES.test(code) || PG_CODES.test(code) || NET_CODES.has(code))) return true;
    if (typeof message === "string" && PG_MESSAGES.test(message)) return true;
    if (e instanceof AggregateError && e.errors.some(isStorageError)) return true;
  }
  return false;
}

/** Records a storage error in the process's storage health; true if it was one. */
export function noteStorageError(error: unknown): boolean {
  if (!isStorageError(error)) return false;
  markStorageFailed(error);
  return true;
}

/** The status and headers of a storage failure's answer. */
export const STORAGE_UNAVAILABLE_INIT = { status: 503, headers: { "Retry-After": "10" } } as const;

/**
 * The hook for actions that re-render their form: runs the write; if storage fails, records it and
 * resolves `{ stored: false }`, for the action to answer 503 (`STORAGE_UNAVAILABLE_INIT`) with
 * `storageUnavailableMessage()` as its form error and the values the person typed. Any other error
 * is thrown on (and a storage error not caught here still answers 503 centrally, without the form).
 */
export async function guardStorage<T>(write: () => Promise<T>): Promise<{ stored: true; value: T } | { stored: false }> {
  try {
    return { stored: true, value: await write() };
  } catch (error) {
    if (!noteStorageError(error)) throw error;
    return { stored: false };
  }
}
