import type { CoalitionRole, Invitation } from "../schema";
import type { Executor } from "./users";

export async function insertInvitation(
  db: Executor,
  row: { id: string; coalition_id: string; email: string; role: CoalitionRole; token_hash: string; invited_by: string; expires_at: string; created_at: string },
): Promise<void> {
  await db.insertInto("invitations").values({ ...row, accepted_at: null, accepted_by: null, revoked_at: null }).execute();
}

export function findInvitationByTokenHash(db: Executor, tokenHash: string): Promise<Invitation | undefined> {
  return db.selectFrom("invitations").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst();
}

export function findInvitation(db: Executor, coalitionId: string, invitationId: string): Promise<Invitation | undefined> {
  return db.selectFrom("invitations").selectAll().where("id", "=", invitationId).where("coalition_id", "=", coalitionId).executeTakeFirst();
}

/** An invitation to this email that is neither accepted, revoked nor expired. */
export function findOpenInvitationForEmail(db: Executor, coalitionId: string, email: string, at: string): Promise<Invitation | undefined> {
  return db
    .selectFrom("invitations")
    .selectAll()
    .where("coalition_id", "=", coalitionId)
    .where("email", "=", email)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", at)
    .executeTakeFirst();
}

/** Open invitations (not accepted, revoked or expired) with the inviter's name, newest first. */
export function listOpenInvitations(db: Executor, coalitionId: string, at: string) {
  return db
    .selectFrom("invitations as i")
    .leftJoin("users as u", "u.id", "i.invited_by")
    .select(["i.id", "i.email", "i.role", "i.expires_at", "i.created_at", "u.name as invited_by_name"])
    .where("i.coalition_id", "=", coalitionId)
    .where("i.accepted_at", "is", null)
    .where("i.revoked_at", "is", null)
    .where("i.expires_at", ">", at)
    .orderBy("i.created_at", "desc")
    .execute();
}

/** Marks an open invitation accepted; 0 when it was used, revoked or expired meanwhile. */
export async function markInvitationAccepted(db: Executor, invitationId: string, userId: string, at: string): Promise<number> {
  const res = await db
    .updateTable("invitations")
    .set({ accepted_at: at, accepted_by: userId })
    .where("id", "=", invitationId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", at)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Revokes an invitation that is still open; 0 when it was accepted or revoked already. */
export async function markInvitationRevoked(db: Executor, coalitionId: string, invitationId: string, at: string): Promise<number> {
  const res = await db
    .updateTable("invitations")
    .set({ revoked_at: at })
    .where("id", "=", invitationId)
    .where("coalition_id", "=", coalitionId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
