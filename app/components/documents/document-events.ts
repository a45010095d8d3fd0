import * as decoding from "lib0/decoding";
import { t } from "../../lib/i18n/messages";

/**
 * Document events the collaboration server sends to a document's open editors (message type 100,
 * then a JSON varString; see docs/ARCHITECTURE.md). Only what the editor shows is read; anything
 * else (an unknown type, a malformed body) is ignored, never thrown.
 */
export const MESSAGE_DOCUMENT_EVENT = 100;

export interface DocumentAnnouncement {
  /** What to say, e.g. "Ada Lovelace restored version 2." */
  text: string;
  at: number;
  /** Who did it, when the event names them (the page's "Last edited by" follows). */
  by: { id: string | null; name: string; self: boolean } | null;
}

export function announcementOf(json: string, selfUserId: string, at: number): DocumentAnnouncement | null {
  let event: unknown;
  try {
    event = JSON.parse(json);
  } catch {
    return null;
  }
  if (!event || typeof event !== "object") return null;
  const e = event as { type?: unknown; by?: { id?: unknown; name?: unknown }; version?: unknown };
  if (e.type !== "restored" || typeof e.version !== "number" || !Number.isInteger(e.version) || e.version < 1) return null;
  const name = typeof e.by?.name === "string" && e.by.name.trim() ? e.by.name.trim().slice(0, 120) : null;
  const id = typeof e.by?.id === "string" ? e.by.id : null;
  const self = id !== null && id === selfUserId;
  // Said in the page's language when it arrives.
  const text = self ? t("editor.restored.you", { version: e.version }) : name ? t("editor.restored.named", { name, version: e.version }) : t("editor.restored.someone", { version: e.version });
  return { text, at, by: name ? { id, name, self } : null };
}

/** Reads one type-100 message's body (the decoder is past the message type). */
export function readDocumentEvent(decoder: decoding.Decoder, selfUserId: string, at: number): DocumentAnnouncement | null {
  try {
    return announcementOf(decoding.readVarString(decoder), selfUserId, at);
  } catch {
    return null;
  }
}
