import type { ConnectionState } from "./document-frame";
import { clockTime } from "./unsaved-changes";
import type { CollabStatus } from "./use-collab.client";

/** The status pill's sentences, in one place. */
const STATUS_TEXT = {
  closed: "Disconnected",
  offlineUnsaved: (since: string) => `Offline — changes since ${since} not yet saved, kept on this device`,
  offline: "Offline — reconnecting when the network is back",
  offlineBecause: (reason: string) => `Offline — ${reason}`,
  connecting: "Connecting…",
  reading: "Live — read only",
  saving: "Saving…",
  saved: "Connected · all changes saved",
};

/**
 * What the pill says. Offline wins over everything but a permanent close: the browser's word
 * (`offline` event) or a connection that is not up; "Saving…" only while the server can answer.
 */
export function statusOf(status: CollabStatus, canEdit: boolean): { state: ConnectionState; text: string } {
  if (status.closed) return { state: "closed", text: STATUS_TEXT.closed };
  const live = !status.browserOffline && status.connection === "connected" && status.synced;
  if (!live) {
    if (status.unsavedSince !== null) return { state: "offline", text: STATUS_TEXT.offlineUnsaved(clockTime(status.unsavedSince)) };
    if (status.browserOffline) return { state: "offline", text: STATUS_TEXT.offline };
    if (status.lastClose) return { state: "offline", text: STATUS_TEXT.offlineBecause(status.lastClose) };
    if (status.connection === "disconnected") return { state: "offline", text: STATUS_TEXT.offline };
    return { state: "connecting", text: STATUS_TEXT.connecting };
  }
  if (!canEdit) return { state: "reading", text: STATUS_TEXT.reading };
  if (status.unsent > 0) return { state: "saving", text: STATUS_TEXT.saving };
  return { state: "saved", text: STATUS_TEXT.saved };
}
