import { getDbHandle } from "../../db/client";
import { probeWrite } from "../../db/queries/storage-probe";
import { markStorageWritten, storageHealth, type StorageHealth } from "../../db/storage-health";
import { noteStorageError } from "../lib/storage-errors";

/**
 * The storage health /healthz reports. After a failed write it tries a write of its own (rolled
 * back): storage that has room again is healthy again without waiting for someone's next save.
 */
export async function checkStorage(): Promise<StorageHealth> {
  if (storageHealth().ok) return storageHealth();
  try {
    await probeWrite(getDbHandle().db);
    markStorageWritten();
  } catch (error) {
    noteStorageError(error);
  }
  return storageHealth();
}
