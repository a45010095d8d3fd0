import { createHash } from "node:crypto";
import type { Adapter, DatabaseSession, DatabaseUser } from "lucia";
import type { Kysely } from "kysely";
import * as sessions from "../../db/queries/sessions";
import type { Database } from "../../db/schema";

/** SHA-256 (hex) of a session id: the only form in which a session id is stored. */
export function hashSessionId(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("hex");
}

/**
 * Lucia 3 adapter over Kysely that stores a SHA-256 of each session id, never the id
 * itself: a leaked sessions table cannot be replayed as cookies.
 */
export class HashedKyselyAdapter implements Adapter {
  constructor(private readonly db: () => Kysely<Database>) {}

  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = await sessions.findSessionWithUser(this.db(), hashSessionId(sessionId));
    if (!row) return [null, null];
    const session: DatabaseSession = { id: sessionId, userId: row.id, expiresAt: new Date(row.expires_at), attributes: {} };
    const user: DatabaseUser = {
      id: row.id,
      attributes: {
        email: row.email,
        name: row.name,
        organization: row.organization,
        stakeholder_group: row.stakeholder_group,
        region: row.region,
        language: row.language ?? null,
        is_site_admin: row.is_site_admin,
      },
    };
    return [session, user];
  }

  /** Returns stored sessions; their ids are hashes (the raw ids are not recoverable). */
  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    const rows = await sessions.listUserSessions(this.db(), userId);
    return rows.map((r) => ({ id: r.id, userId: r.user_id, expiresAt: new Date(r.expires_at), attributes: {} }));
  }

  async setSession(session: DatabaseSession): Promise<void> {
    await sessions.insertSession(this.db(), {
      id: hashSessionId(session.id),
      user_id: session.userId,
      expires_at: session.expiresAt.toISOString(),
      created_at: new Date().toISOString(),
    });
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    await sessions.updateSessionExpiry(this.db(), hashSessionId(sessionId), expiresAt.toISOString());
  }

  async deleteSession(sessionId: string): Promise<void> {
    await sessions.deleteSession(this.db(), hashSessionId(sessionId));
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await sessions.deleteUserSessions(this.db(), userId);
  }

  async deleteExpiredSessions(): Promise<void> {
    await sessions.deleteExpiredSessions(this.db(), new Date().toISOString());
  }
}
