import { getDb } from "../../db/client";
import { now } from "../../db/ids";
import * as users from "../../db/queries/users";
import type { RegionId, StakeholderGroupId } from "../../db/schema";

export interface Profile {
  name: string;
  email: string;
  organization: string | null;
  stakeholder_group: StakeholderGroupId | null;
  region: RegionId | null;
}

/** The profile as stored (fresh from the database, not the session's copy). */
export async function getProfile(userId: string): Promise<Profile | undefined> {
  const user = await users.findUserById(getDb(), userId);
  if (!user) return undefined;
  return {
    name: user.name,
    email: user.email,
    organization: user.organization,
    stakeholder_group: user.stakeholder_group,
    region: user.region,
  };
}

/**
 * Saves the fields a user may edit about themselves. The input has already passed
 * `profileSchema`; email and site administration are deliberately not editable here.
 */
export async function updateProfile(
  userId: string,
  input: { name: string; organization: string | null; stakeholder_group: StakeholderGroupId | null; region: RegionId | null },
): Promise<void> {
  await users.updateUser(getDb(), userId, {
    name: input.name,
    organization: input.organization,
    stakeholder_group: input.stakeholder_group,
    region: input.region,
    updated_at: now(),
  });
}
