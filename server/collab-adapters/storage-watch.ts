/**
 * The collaboration server's durable writes report to the process's storage health (what /healthz
 * answers): a write that fails because storage is full or unavailable marks it failed, the next
 * write that succeeds clears it, as the HTTP side's Kysely plugin does (db/storage-health.ts).
 * Wraps a DocumentWriter without changing what it does or returns.
 */
import { noteStorageError } from "../../app/lib/storage-errors";
import type { DocumentWriter } from "../../db/queries/document-writer";
import { markStorageWritten } from "../../db/storage-health";

function watched<T>(write: Promise<T>): Promise<T> {
  return write.then(
    (value) => {
      markStorageWritten();
      return value;
    },
    (error: unknown) => {
      noteStorageError(error);
      throw error;
    },
  );
}

export function watchStorage(writer: DocumentWriter): DocumentWriter {
  const compactFromLog = writer.compactFromLog?.bind(writer);
  return {
    append: (rows) => watched(writer.append(rows)),
    compact: (documentId, state) => watched(writer.compact(documentId, state)),
    ...(compactFromLog ? { compactFromLog: (documentId: string, options: Parameters<typeof compactFromLog>[1]) => watched(compactFromLog(documentId, options)) } : {}),
    touch: (documentId, edit) => watched(writer.touch(documentId, edit)),
    open: () => writer.open(),
    close: () => writer.close(),
    get durability() {
      return writer.durability;
    },
  };
}
