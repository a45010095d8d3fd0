import { isLocale, type Locale } from "../../common/locales";
import { getDb } from "../../db/client";
import { now } from "../../db/ids";
import * as users from "../../db/queries/users";
import type { RegionId, StakeholderGroupId } from "../../db/schema";
import { firstFreeHandle, HANDLE_MAX, HANDLE_MESSAGES, suggestHandle } from "../lib/handles";
import type { FieldErrors } from "../lib/validation";

export interface Profile {
  name: string;
  handle: string;
  email: string;
  organization: string | null;
  stakeholder_group: StakeholderGroupId | null;
  region: RegionId | null;
  /** The language chosen for pages and mail (null: the browser's). */
  language: Locale | null;
}

/** The profile as stored (fresh from the database, not the session's copy). */
export async function getProfile(userId: string): Promise<Profile | undefined> {
  const user = await users.findUserById(getDb(), userId);
  if (!user) return undefined;
  return {
    name: user.name,
    handle: user.handle,
    email: user.email,
    organization: user.organization,
    stakeholder_group: user.stakeholder_group,
    region: user.region,
    language: isLocale(user.language) ? user.language : null,
  };
}

/** The first free handle from `base` (base, base2, base3…): valid, not reserved, not taken. */
export async function freeHandleFrom(db: users.Executor, base: string): Promise<string> {
  const taken = await users.handlesStartingWith(db, base.slice(0, HANDLE_MAX - 6));
  return firstFreeHandle(base, (h) => taken.has(h));
}

/** A free handle suggested from a name, for an account that did not choose one. */
export function freeHandleForName(db: users.Executor, name: string): Promise<string> {
  return freeHandleFrom(db, suggestHandle(name));
}

/** The field error for a handle someone else has, naming a free one; null when it is free for `userId`. */
export async function handleTakenError(db: users.Executor, handle: string, userId?: string): Promise<string | null> {
  const owner = await users.findUserByHandle(db, handle);
  if (!owner || owner.id === userId) return null;
  return HANDLE_MESSAGES.taken(await freeHandleFrom(db, handle));
}

/** A unique-index violation on the handle column (a concurrent sign-up or rename won the race). */
export function isHandleUniqueViolation(error: unknown): boolean {
  const message = String((error as Error)?.message ?? error);
  return /unique|duplicate/i.test(message) && /handle/i.test(message);
}

/**
 * Saves the fields a user may edit about themselves. The input has already passed
 * `profileSchema`; email and site administration are deliberately not editable here. A handle
 * someone else has is refused with a field error (also when another save wins the race).
 */
export async function updateProfile(
  userId: string,
  input: { name: string; handle?: string; organization: string | null; stakeholder_group: StakeholderGroupId | null; region: RegionId | null },
): Promise<{ ok: true } | { ok: false; fieldErrors: FieldErrors }> {
  const db = getDb();
  const taken = input.handle === undefined ? null : await handleTakenError(db, input.handle, userId);
  if (taken) return { ok: false, fieldErrors: { handle: taken } };
  try {
    await users.updateUser(db, userId, {
      name: input.name,
      ...(input.handle === undefined ? {} : { handle: input.handle }),
      organization: input.organization,
      stakeholder_group: input.stakeholder_group,
      region: input.region,
      updated_at: now(),
    });
  } catch (error) {
    if (!isHandleUniqueViolation(error)) throw error;
    const handle = input.handle ?? "";
    return { ok: false, fieldErrors: { handle: (await handleTakenError(db, handle, userId)) ?? HANDLE_MESSAGES.taken(`${handle}2`) } };
  }
  return { ok: true };
}
