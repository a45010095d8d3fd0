import { formatList } from "../../lib/i18n/format";
import { t } from "../../lib/i18n/messages";
import type { ConnectionState } from "./document-frame";
import { clockTime } from "./unsaved-changes";
import type { CollabStatus } from "./use-collab.client";

/**
 * The editor's sentences about itself, in one place and in the page's language (`t` speaks the
 * request's language on the server and the page's in the browser): the status pill, who is here,
 * and what the page announces to screen readers.
 */

/**
 * What the pill says. Offline wins over everything but a permanent close: the browser's word
 * (`offline` event) or a connection that is not up; "Saving…" only while the server can answer.
 */
export function statusOf(status: CollabStatus, canEdit: boolean): { state: ConnectionState; text: string } {
  if (status.closed) return { state: "closed", text: t("editor.status.closed") };
  const live = !status.browserOffline && status.connection === "connected" && status.synced;
  if (!live) {
    if (status.unsavedSince !== null) return { state: "offline", text: t("editor.status.offlineUnsaved", { since: clockTime(status.unsavedSince) }) };
    if (status.browserOffline) return { state: "offline", text: t("editor.status.offline") };
    if (status.lastClose) return { state: "offline", text: t("editor.status.offlineBecause", { reason: status.lastClose }) };
    if (status.connection === "disconnected") return { state: "offline", text: t("editor.status.offline") };
    return { state: "connecting", text: t("editor.status.connecting") };
  }
  if (!canEdit) return { state: "reading", text: t("editor.status.reading") };
  if (status.unsent > 0) return { state: "saving", text: t("editor.status.saving") };
  return { state: "saved", text: t("editor.status.saved") };
}

/** "Only you are here", "Ada Lovelace is here", "3 others here" (the names are in the avatars). */
export function peopleHereText(others: readonly string[]): string {
  if (others.length === 1) return t("editor.people.one", { name: others[0] });
  return t("editor.people.others", { count: others.length });
}

/** "Bruno Costa joined the document." — said to screen readers, several names at once when they came together. */
export function joinedText(names: readonly string[]): string {
  return t("editor.announce.joined", { names: formatList(names), count: names.length });
}

/** "Bruno Costa left the document." */
export function leftText(names: readonly string[]): string {
  return t("editor.announce.left", { names: formatList(names), count: names.length });
}

/**
 * The pill's states as a screen reader hears them: only a change of kind is announced (online,
 * offline, read only, closed), so "Saving…" and "saved" after each keystroke are never said.
 */
export function announcedKind(state: ConnectionState): "online" | "offline" | "reading" | "closed" | null {
  if (state === "saved" || state === "saving") return "online";
  if (state === "connecting") return null;
  return state;
}
