import { getDb } from "../../../db/client";
import { now } from "../../../db/ids";
import * as q from "../../../db/queries/second-factors";
import { getSiteSetting, setSiteSetting } from "../../../db/queries/site-settings";
import { emitDomainEvent } from "../events.server";

// The site administrator's switch (site_settings "require_second_factor"): coordinators (of any
// coalition) and site administrators without a second factor are sent to /settings/security after
// signing in and can do nothing else until they have one (server/second-factor-gate.ts and the
// root loader ask secondFactorSetupRequired).

const KEY = "require_second_factor";

export async function secondFactorRequirementOn(): Promise<boolean> {
  return (await getSiteSetting(getDb(), KEY)) === "1";
}

/**
 * Turning the rule on also closes the live editing sockets of everyone it now stops: their
 * sessions stay, but a socket reconnecting is refused (server/collab-adapters/authorizer.ts asks
 * secondFactorSetupRequired) and their next page is /settings/security.
 */
export async function setSecondFactorRequirement(on: boolean): Promise<void> {
  const db = getDb();
  await setSiteSetting(db, KEY, on ? "1" : "0", now());
  if (!on) return;
  for (const userId of await q.usersLackingRequiredSecondFactor(db)) emitDomainEvent({ type: "user.sessions-ended", userId });
}

/** Whether the rule applies to this user (it is on, and they administer the site or coordinate). */
export async function secondFactorRequiredFor(user: { id: string; isSiteAdmin: boolean }): Promise<boolean> {
  if (!(await secondFactorRequirementOn())) return false;
  return user.isSiteAdmin || (await q.coordinatesAnyCoalition(getDb(), user.id));
}

/** Whether the user must set up a second factor before doing anything else. */
export async function secondFactorSetupRequired(user: { id: string; isSiteAdmin: boolean } | null): Promise<boolean> {
  if (!user || !(await secondFactorRequiredFor(user))) return false;
  const db = getDb();
  const totp = await q.findTotp(db, user.id);
  return !totp?.enabled_at && (await q.countPasskeys(db, user.id)) === 0;
}

/** The paths someone who must set up a second factor may still reach. */
export function allowedDuringSetup(pathname: string): boolean {
  return /^\/(settings\/security(\/|$|\.data)|logout(\/|$|\.data)|language(\/|$|\.data)|healthz$|assets\/|build\/|favicon|manifest|robots|sw\.js)/.test(pathname);
}
