import { createHash } from "node:crypto";
import Bowser from "bowser";
import { getDb } from "../../db/client";
import * as sessionsQ from "../../db/queries/sessions";
import { emitDomainEvent } from "./events.server";
import { hashSessionId } from "./session-adapter.server";

// The sessions list of /settings/security (issue 27). A session notes its device (the browser's
// user agent), a coarse network hint (never the address) and when it was last used, written at
// most once per USE_WRITE_INTERVAL_MS per session: a process remembers when it last wrote each
// session, and the UPDATE itself only writes a stale time, so several instances agree.

export const USE_WRITE_INTERVAL_MS = 5 * 60 * 1000;
const MAX_REMEMBERED = 10_000;
const lastWritten = new Map<string, number>();

/** The first two parts of an address: "203.0.x.x", "2001:db8:…"; null when there is none. */
export function networkHint(address: string | null | undefined): string | null {
  if (!address) return null;
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/i.exec(address);
  if (v4) return `${v4[1]}.${v4[2]}.x.x`;
  if (address.includes(":")) {
    const groups = address.split(":").filter((g) => g !== "");
    return groups.length >= 2 ? `${groups[0]}:${groups[1]}:…`.toLowerCase() : null;
  }
  return null;
}

/**
 * Notes that a session was used now (server/app.ts, after the session cookie is validated). Writes
 * nothing when this process wrote that session less than USE_WRITE_INTERVAL_MS ago.
 */
export async function noteSessionUse(sessionId: string, use: { userAgent: string | undefined; address: string | undefined }, nowMs = Date.now()): Promise<void> {
  const idHash = hashSessionId(sessionId);
  const last = lastWritten.get(idHash);
  if (last !== undefined && nowMs - last < USE_WRITE_INTERVAL_MS) return;
  if (lastWritten.size >= MAX_REMEMBERED) lastWritten.clear();
  lastWritten.set(idHash, nowMs);
  await sessionsQ.touchSession(getDb(), idHash, {
    at: new Date(nowMs).toISOString(),
    staleBefore: new Date(nowMs - USE_WRITE_INTERVAL_MS).toISOString(),
    userAgent: use.userAgent ? use.userAgent.slice(0, 512) : null,
    networkHint: networkHint(use.address),
  });
}

export interface DeviceDescription {
  browser: string | null;
  os: string | null;
  /** "mobile" | "tablet" | "desktop" | … as bowser names platforms; null when unknown. */
  kind: string | null;
}

/** The browser, system and kind of device a user agent names (bowser; decision 0025). */
export function describeDevice(userAgent: string | null | undefined): DeviceDescription {
  if (!userAgent) return { browser: null, os: null, kind: null };
  const parsed = Bowser.parse(userAgent);
  const browser = [parsed.browser.name, parsed.browser.version?.split(".")[0]].filter(Boolean).join(" ") || null;
  const os = [parsed.os.name, parsed.os.versionName ?? parsed.os.version].filter(Boolean).join(" ") || null;
  return { browser, os, kind: parsed.platform.type ?? null };
}

/** What a page may name a session by: derived from its stored hash, never the cookie's token. */
export function sessionRef(idHash: string): string {
  return createHash("sha256").update(`session-ref:${idHash}`).digest("hex").slice(0, 24);
}

export interface SessionView {
  ref: string;
  current: boolean;
  device: DeviceDescription;
  networkHint: string | null;
  createdAt: string;
  lastUsedAt: string;
}

/** The person's sessions, the current one first, then the most recently used. */
export async function listSessions(userId: string, currentSessionId: string | null): Promise<SessionView[]> {
  const currentHash = currentSessionId ? hashSessionId(currentSessionId) : null;
  const rows = await sessionsQ.listUserSessions(getDb(), userId);
  const nowIso = new Date().toISOString();
  return rows
    .filter((r) => r.expires_at > nowIso)
    .map((r) => ({
      ref: sessionRef(r.id),
      current: r.id === currentHash,
      device: describeDevice(r.user_agent),
      networkHint: r.network_hint ?? null,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at ?? r.created_at,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.localeCompare(a.lastUsedAt));
}

/** Ends one of the person's other sessions by its ref; its sockets close at once. False: no such session. */
export async function signOutSession(userId: string, ref: string): Promise<boolean> {
  const db = getDb();
  const rows = await sessionsQ.listUserSessions(db, userId);
  const row = rows.find((r) => sessionRef(r.id) === ref);
  if (!row || !(await sessionsQ.deleteUserSession(db, userId, row.id))) return false;
  lastWritten.delete(row.id);
  emitDomainEvent({ type: "session.ended", sessionIdHash: row.id });
  return true;
}

/** Ends every session of the person but this one; their sockets close at once. */
export async function signOutOtherSessions(userId: string, currentSessionId: string): Promise<void> {
  const keep = hashSessionId(currentSessionId);
  await sessionsQ.deleteUserSessions(getDb(), userId, keep);
  emitDomainEvent({ type: "user.sessions-ended", userId, exceptSessionIdHash: keep });
}
