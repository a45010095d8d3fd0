import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";
import {
  findActiveEndorsement,
  findEndorsement,
  findPreviousVersion,
  insertEndorsement,
  markEndorsementWithdrawn,
  setEndorsementVerified,
} from "../../db/queries/endorsements";
import type { Executor } from "../../db/queries/users";
import { endorseSchema } from "../lib/endorsement-schemas";
import { t } from "../lib/i18n/messages";
import { refusal, type Refusal } from "../lib/policy";
import { fieldErrors } from "../lib/validation";
import { decideFor, type CoalitionAccess } from "./access.server";
import { writeAudit } from "./audit.server";
import type { VersionSummary } from "./versions.server";

// Issue 24: endorsements of a published version. A signed-in person who can see the version
// endorses it as themselves or on behalf of an organisation they declare; withdraws at any time;
// re-confirms, with one action, an endorsement of the previous version when a newer one is
// published (nothing carries over by itself). Coordinators verify organisation endorsements.
// One active endorsement per person per version: the database's partial unique index decides
// races. Every change is audited in its own transaction.

export type EndorsementRefusal = Refusal & { fieldErrors?: Record<string, string> };

type Version = Pick<VersionSummary, "id" | "documentId" | "documentTitle" | "number" | "withdrawn">;

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "23505";
}

const alreadyEndorsed = () => refusal(409, t("endorsements.error.alreadyEndorsed"));

function auditDetail(version: Version, extra: Record<string, unknown> = {}) {
  return { versionId: version.id, number: version.number, title: version.documentTitle, ...extra };
}

/** Runs an insert that returns the new id, or null when the person already endorses the version. */
async function insertOnce(write: (tx: Executor) => Promise<string | null>): Promise<{ ok: true; id: string } | EndorsementRefusal> {
  try {
    const id = await getDb().transaction().execute(write);
    return id ? { ok: true, id } : alreadyEndorsed();
  } catch (error) {
    // Two requests of the same person at once: the partial unique index lets one through.
    if (isUniqueViolation(error)) return alreadyEndorsed();
    throw error;
  }
}

/**
 * Endorses the version as the actor, or for the organisation they declare. Refused (nothing
 * saved): a visitor (403, sign in), someone who cannot see the version (404), an archived
 * coalition (403), a withdrawn version (409), bad input (400, per field), a second active
 * endorsement by the same person (409).
 */
export async function endorseVersion(access: CoalitionAccess, version: Version, form: Record<string, unknown>): Promise<{ ok: true; id: string } | EndorsementRefusal> {
  const decision = decideFor(access, "endorsement:create", { version: { withdrawn: Boolean(version.withdrawn) } });
  if (!decision.ok) return decision;
  const parsed = endorseSchema().safeParse(form);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return { ok: false, status: 400, message: t("endorsements.error.fixForm"), fieldErrors: errors };
  }
  const input = parsed.data;
  const userId = access.user!.id;
  const org = input.as === "organisation" ? { organisation: input.organisation, stakeholder_group: input.stakeholder_group, region: input.region } : { organisation: null, stakeholder_group: null, region: null };
  return insertOnce(async (tx) => {
    if (await findActiveEndorsement(tx, version.id, userId)) return null;
    const id = newId();
    const at = now();
    await insertEndorsement(tx, { id, version_id: version.id, document_id: version.documentId, coalition_id: access.coalition.id, user_id: userId, ...org, verified_at: null, verified_by: null, reconfirms_id: null, created_at: at, withdrawn_at: null });
    await writeAudit(tx, { coalitionId: access.coalition.id, actorId: userId, subjectUserId: userId, action: "endorsement.added", detail: auditDetail(version, { organisation: org.organisation }), at });
    return id;
  });
}

/**
 * Re-confirms, on this version, the actor's active endorsement of the previous version of the
 * same document: the same capacity (themselves, or the same organisation, group and region),
 * unverified until a coordinator verifies it again. 409 when there is nothing to re-confirm.
 */
export async function reconfirmEndorsement(access: CoalitionAccess, version: Version): Promise<{ ok: true; id: string } | EndorsementRefusal> {
  const decision = decideFor(access, "endorsement:create", { version: { withdrawn: Boolean(version.withdrawn) } });
  if (!decision.ok) return decision;
  const userId = access.user!.id;
  const previous = await findPreviousVersion(getDb(), version.id);
  const old = previous ? await findActiveEndorsement(getDb(), previous.id, userId) : undefined;
  if (!previous || !old) return refusal(409, t("endorsements.error.nothingToReconfirm"));
  return insertOnce(async (tx) => {
    if (await findActiveEndorsement(tx, version.id, userId)) return null;
    const id = newId();
    const at = now();
    await insertEndorsement(tx, {
      id,
      version_id: version.id,
      document_id: version.documentId,
      coalition_id: access.coalition.id,
      user_id: userId,
      organisation: old.organisation,
      stakeholder_group: old.stakeholder_group,
      region: old.region,
      verified_at: null,
      verified_by: null,
      reconfirms_id: old.id,
      created_at: at,
      withdrawn_at: null,
    });
    await writeAudit(tx, { coalitionId: access.coalition.id, actorId: userId, subjectUserId: userId, action: "endorsement.reconfirmed", detail: auditDetail(version, { organisation: old.organisation, previousNumber: Number(previous.number) }), at });
    return id;
  });
}

/** Withdraws the actor's own active endorsement (at any time, withdrawn versions and archived coalitions too). */
export async function withdrawEndorsement(access: CoalitionAccess, version: Version): Promise<{ ok: true } | EndorsementRefusal> {
  const decision = decideFor(access, "endorsement:withdraw");
  if (!decision.ok) return decision;
  const userId = access.user!.id;
  const at = now();
  const done = await getDb()
    .transaction()
    .execute(async (tx) => {
      const row = await markEndorsementWithdrawn(tx, version.id, userId, at);
      if (!row) return false;
      await writeAudit(tx, { coalitionId: access.coalition.id, actorId: userId, subjectUserId: userId, action: "endorsement.withdrawn", detail: auditDetail(version, { organisation: row.organisation }), at });
      return true;
    });
  return done ? { ok: true } : refusal(409, t("endorsements.error.notEndorsed"));
}

/** A coordinator marks an active organisation endorsement verified (`verified` true) or not. */
export async function verifyEndorsement(access: CoalitionAccess, version: Version, endorsementId: string, verified: boolean): Promise<{ ok: true } | EndorsementRefusal> {
  const decision = decideFor(access, "endorsement:verify");
  if (!decision.ok) return decision;
  const row = /^[a-z0-9]{1,64}$/.test(endorsementId) ? await findEndorsement(getDb(), version.id, endorsementId) : undefined;
  if (!row || row.withdrawn_at) return refusal(404, t("endorsements.error.noSuchEndorsement"));
  if (!row.organisation) return refusal(409, t("endorsements.error.notOrganisation"));
  const at = now();
  const changed = await getDb()
    .transaction()
    .execute(async (tx) => {
      if (!(await setEndorsementVerified(tx, row.id, verified ? { at, by: access.user!.id } : null))) return false;
      await writeAudit(tx, {
        coalitionId: access.coalition.id,
        actorId: access.user!.id,
        subjectUserId: row.user_id,
        action: verified ? "endorsement.verified" : "endorsement.unverified",
        detail: auditDetail(version, { organisation: row.organisation }),
        at,
      });
      return true;
    });
  if (!changed) return refusal(409, verified ? t("endorsements.error.alreadyVerified") : t("endorsements.error.notVerified"));
  return { ok: true };
}
