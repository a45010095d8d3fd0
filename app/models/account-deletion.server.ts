import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { getDb } from "../../db/client";
import { now } from "../../db/ids";
import * as deletionQ from "../../db/queries/account-deletion";
import { enqueue } from "../../db/queries/jobs";
import * as sessionsQ from "../../db/queries/sessions";
import * as users from "../../db/queries/users";
import type { Executor } from "../../db/queries/users";
import { t } from "../lib/i18n/messages";
import { verifyPassword } from "../lib/password.server";
import type { FieldErrors } from "../lib/validation";
import { writeAudit } from "./audit.server";
import { emitDomainEvent } from "./events.server";

// Leaving for good (issue 27). The person confirms with their password; every session ends and
// the account is due for deletion 14 days later (an `account:delete` job at that time). Signing in
// during the grace period cancels it, and the page they land on says so (auth.server.ts login()).
// At the due time the row is anonymised (db/queries/account-deletion.ts says why not erased):
// name, email, handle, organisation, password and sessions are gone, memberships end, posts stay
// as a "former member"'s (their text emptied if the person asked), and the audit log records that
// an account was deleted, not whose.

export const DELETION_GRACE_MS = 14 * 24 * 60 * 60 * 1000;

export interface DeletionState {
  dueAt: string | null;
  eraseText: boolean;
  /** Coalitions the person is the last coordinator of: deletion is refused until they hand over. */
  lastCoordinatorOf: Array<{ name: string; slug: string }>;
}

export async function deletionState(userId: string): Promise<DeletionState> {
  const db = getDb();
  const user = await users.findUserById(db, userId);
  return {
    dueAt: user?.deletion_due_at ?? null,
    eraseText: Boolean(user?.deletion_erase_text),
    lastCoordinatorOf: await deletionQ.coalitionsWhereLastCoordinator(db, userId),
  };
}

export type RequestDeletionResult =
  | { ok: true; dueAt: string }
  | { ok: false; status: 400; fieldErrors: FieldErrors }
  | { ok: false; status: 409; message: string };

/** Schedules the account's deletion after re-authentication; signs the person out everywhere. */
export async function requestDeletion(userId: string, input: { password: string; eraseText: boolean; confirm: boolean }, nowMs = Date.now()): Promise<RequestDeletionResult> {
  const db = getDb();
  const user = await users.findUserById(db, userId);
  if (!user || user.deleted_at) return { ok: false, status: 400, fieldErrors: { password: t("deletion.error.password") } };
  const errors: FieldErrors = {};
  if (!input.confirm) errors.confirm = t("deletion.error.confirm");
  if (!input.password || !(await verifyPassword(user.password_hash, input.password))) errors.password = t("deletion.error.password");
  if (Object.keys(errors).length) return { ok: false, status: 400, fieldErrors: errors };
  const blocking = await deletionQ.coalitionsWhereLastCoordinator(db, userId);
  if (blocking.length) {
    return { ok: false, status: 409, message: t("deletion.error.lastCoordinator", { count: blocking.length, coalitions: blocking.map((c) => c.name).join(", ") }) };
  }
  const dueAt = new Date(nowMs + DELETION_GRACE_MS).toISOString();
  await db.transaction().execute(async (trx) => {
    await users.updateUser(trx, userId, { deletion_due_at: dueAt, deletion_erase_text: input.eraseText ? 1 : 0, updated_at: now() });
    await enqueue(trx, "account:delete", { userId, dueAt }, { runAt: new Date(dueAt), key: `account-delete:${userId}:${dueAt}` });
    await sessionsQ.deleteUserSessions(trx, userId);
  });
  emitDomainEvent({ type: "user.sessions-ended", userId });
  return { ok: true, dueAt };
}

/** Cancels a pending deletion (signing in does this). True when there was one. */
export async function cancelDeletion(db: Executor, userId: string): Promise<boolean> {
  const user = await users.findUserById(db, userId);
  if (!user?.deletion_due_at || user.deleted_at) return false;
  await users.updateUser(db, userId, { deletion_due_at: null, deletion_erase_text: 0, updated_at: now() });
  return true;
}

/**
 * The `account:delete` job: anonymises the account if its deletion is still due as scheduled (a
 * cancelled or rescheduled one leaves its old job with nothing to do).
 */
export async function runDeletion(db: Kysely<Database>, payload: { userId: string; dueAt: string }, at: Date): Promise<boolean> {
  const done = await db.transaction().execute(async (trx) => {
    const user = await users.findUserById(trx, payload.userId);
    if (!user || user.deleted_at || user.deletion_due_at !== payload.dueAt || payload.dueAt > at.toISOString()) return false;
    const when = at.toISOString();
    if (user.deletion_erase_text) await deletionQ.erasePostText(trx, user.id);
    // Memberships, sessions, notifications, preferences… go as a DELETE would take them; posts,
    // threads and audit rows lose their author (shown as a former member).
    await deletionQ.releaseUserReferences(trx, user.id);
    await deletionQ.forgetEmail(trx, user.email, "former-member@deleted.invalid");
    await users.updateUser(trx, user.id, {
      email: `deleted-${user.id}@deleted.invalid`,
      name: "",
      handle: `deleted-${user.id}`,
      organization: null,
      stakeholder_group: null,
      region: null,
      password_hash: "!",
      is_site_admin: 0,
      language: null,
      time_zone: null,
      last_seen_at: null,
      previous_visit_at: null,
      deletion_due_at: null,
      deletion_erase_text: 0,
      deleted_at: when,
      created_at: when,
      updated_at: when,
    });
    await writeAudit(trx, { coalitionId: null, actorId: null, subjectUserId: null, action: "account.deleted", at: when });
    return true;
  });
  if (done) emitDomainEvent({ type: "user.sessions-ended", userId: payload.userId });
  return done;
}
