import { t } from "./i18n/messages";

/**
 * The collaboration wire contract shared by the editor (browser) and server/collab.
 *
 * Transport: the y-websocket protocol (message type 0 = sync, 1 = awareness, 3 = query
 * awareness) over `ws(s)://<origin>/collab/<documentId>`.
 *
 * Close codes: the stock y-websocket 3 provider does not reconnect on 4400–4499 (permanent:
 * the client must not retry as it is) and reconnects on anything else.
 */
export const COLLAB_PATH_PREFIX = "/collab/";

export function collabPath(documentId: string): string {
  return `${COLLAB_PATH_PREFIX}${encodeURIComponent(documentId)}`;
}

/** The document id in an upgrade URL's path, or null when the path is not a collab path. */
export function parseCollabPath(pathname: string): string | null {
  if (!pathname.startsWith(COLLAB_PATH_PREFIX)) return null;
  const rest = pathname.slice(COLLAB_PATH_PREFIX.length);
  if (!rest || rest.includes("/")) return null;
  try {
    const id = decodeURIComponent(rest);
    return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

export const CloseCode = {
  /** Normal closure. */
  NORMAL: 1000,
  /** Graceful shutdown or redeploy: reconnect. (1012 "service restart" in RFC 6455 terms.) */
  SERVER_RESTARTING: 1012,
  /** The message could not be decoded (truncated varint, unknown type…): reconnect and resync. */
  MALFORMED_MESSAGE: 4000,
  /** The update could not be applied to the document: reconnect and resync. */
  INVALID_UPDATE: 4001,
  /** A message was larger than the configured limit: reconnect and resync. */
  MESSAGE_TOO_LARGE: 4002,
  /** The client sent faster than the rate limit: reconnect after a pause. */
  RATE_LIMITED: 4003,
  /** The client's send buffer grew past the limit (slow reader): reconnect and resync. */
  SLOW_READER: 4004,
  /** The role changed (e.g. demoted to observer): reconnect to get the new rights. */
  ROLE_CHANGED: 4005,
  /** The document was unloaded or reloaded on the server: reconnect. */
  DOCUMENT_RELOADED: 4006,
  /** The server heard nothing back from a ping in time (a vanished client): reconnect. */
  NO_ANSWER: 4008,
  /** The session ended (logout, expiry, password change): permanent. */
  SESSION_ENDED: 4401,
  /** The user was removed from the coalition or lost read access: permanent. */
  ACCESS_REVOKED: 4403,
  /** The document no longer exists or was archived: permanent. */
  DOCUMENT_GONE: 4404,
  /** Too many connections for this user or document: permanent for this attempt. */
  TOO_MANY_CONNECTIONS: 4429,
} as const;
export type CloseCodeName = keyof typeof CloseCode;

/** A sentence a person can read for each close code (the editor shows it, in the page's language). */
export function closeReasonText(code: number): string {
  switch (code) {
    case CloseCode.SERVER_RESTARTING:
      return t("editor.close.restarting");
    case CloseCode.ROLE_CHANGED:
      return t("editor.close.roleChanged");
    case CloseCode.SESSION_ENDED:
      return t("editor.close.sessionEnded");
    case CloseCode.ACCESS_REVOKED:
      return t("editor.close.accessRevoked");
    case CloseCode.DOCUMENT_GONE:
      return t("editor.close.documentGone");
    case CloseCode.TOO_MANY_CONNECTIONS:
      return t("editor.close.tooManyConnections");
    case CloseCode.RATE_LIMITED:
      return t("editor.close.rateLimited");
    default:
      return t("editor.close.lost");
  }
}
