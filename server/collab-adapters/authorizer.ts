/**
 * The collaboration core's Authorizer port (server/collab/ports.ts) over the app: sessions
 * (app/models/auth.server), memberships and the permission table (app/lib/permissions). The rule
 * logic is the one the core used to carry itself; wired in server/attach.ts.
 */
import type { IncomingMessage } from "node:http";
import type { Kysely } from "kysely";
import { isCoalitionRole, principalRoles, type CoalitionRole } from "../../app/lib/permissions";
import { documentRights as policyDocumentRights } from "../../app/lib/policy";
import { authenticate } from "../../app/models/auth.server";
import { secondFactorSetupRequired } from "../../app/models/security/requirement.server";
import { hashSessionId } from "../../app/models/session-adapter.server";
import { liveSessionHashes, sessionExpiry } from "../../db/queries/collab-sessions";
import { findDocumentAccess } from "../../db/queries/document-state";
import { findMembership } from "../../db/queries/memberships";
import type { Database } from "../../db/schema";
import { userColor } from "../../common/user-color";
import type { Authorizer, UpgradeDecision } from "../collab/ports";
import { expectedOrigin } from "../security";

export type DocumentAccess = NonNullable<Awaited<ReturnType<typeof findDocumentAccess>>>;

export interface Rights {
  /** May see the coalition at all (else the document is reported as not found). */
  visible: boolean;
  read: boolean;
  edit: boolean;
}

/** What a user may do with a document, asked of the one permission table. */
export function documentRights(doc: DocumentAccess, membershipRole: CoalitionRole | null, isSiteAdmin: boolean): Rights {
  const roles = principalRoles({ signedIn: true, isSiteAdmin, membershipRole });
  // The policy module decides, archived document included (kept for reading; nobody edits it).
  return policyDocumentRights({ userId: null, roles }, { visibility: doc.visibility, archived: doc.coalition_archived_at !== null }, { archived: doc.archived_at !== null });
}

/**
 * Decides an upgrade before any websocket exists: Origin must be the app's own (APP_ORIGIN, else
 * the request's Host), the session cookie valid, the document present and readable by the user.
 * Non-members of a private coalition get 404 (its documents do not exist for them), members of
 * the public lacking the right get 403.
 */
export async function authorizeUpgrade(
  db: Kysely<Database>,
  req: IncomingMessage,
  documentId: string,
  appOrigin: string | undefined,
): Promise<UpgradeDecision> {
  const origin = req.headers.origin;
  if (!origin || origin !== expectedOrigin(appOrigin, req.headers.host)) return { ok: false, status: 403, reason: "origin" };
  const { user, session } = await authenticate(req.headers.cookie);
  if (!user || !session) return { ok: false, status: 401, reason: "no-session" };
  // The site requires a second factor of this person and they have none yet: nothing but setting one up.
  if (await secondFactorSetupRequired(user)) return { ok: false, status: 403, reason: "second-factor-setup", userId: user.id };
  const doc = await findDocumentAccess(db, documentId);
  if (!doc) return { ok: false, status: 404, reason: "no-document", userId: user.id };
  const membership = await findMembership(db, doc.coalition_id, user.id);
  const rights = documentRights(doc, (membership?.role as CoalitionRole | undefined) ?? null, user.isSiteAdmin);
  if (!rights.read) return { ok: false, status: rights.visible ? 403 : 404, reason: rights.visible ? "forbidden" : "not-visible", userId: user.id };
  return {
    ok: true,
    principal: {
      userId: user.id,
      name: user.name,
      color: userColor(user.id),
      sessionIdHash: hashSessionId(session.id),
      sessionExpiresAt: session.expiresAt,
      documentId,
      coalitionId: doc.coalition_id,
      isSiteAdmin: user.isSiteAdmin,
      readOnly: !rights.edit,
    },
  };
}

/** The Authorizer port for createCollabServer. */
export function appAuthorizer(db: Kysely<Database>, appOrigin: string | undefined): Authorizer {
  return {
    authorize: (req, documentId) => authorizeUpgrade(db, req, documentId, appOrigin),
    async rightsWithRole(principal, role) {
      const doc = await findDocumentAccess(db, principal.documentId);
      if (!doc) return null;
      const rights = documentRights(doc, isCoalitionRole(role) ? role : null, principal.isSiteAdmin);
      return { read: rights.read, edit: rights.edit };
    },
    async documentState(documentId) {
      const doc = await findDocumentAccess(db, documentId);
      return doc ? { archived: doc.archived_at !== null, coalitionArchived: doc.coalition_archived_at !== null } : null;
    },
    sessionExpiry: (hash) => sessionExpiry(db, hash),
    liveSessions: (hashes, at) => liveSessionHashes(db, hashes, at.toISOString()),
  };
}
