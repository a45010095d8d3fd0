import type { AppLoadContext } from "@remix-run/node";
import { getDb } from "../../db/client";
import { now } from "../../db/ids";
import { findUserTimeZone, setUserTimeZone } from "../../db/queries/calendar";
import { isTimeZone, readCookie, TIME_ZONE_COOKIE, viewerTimeZone } from "../lib/time-zones";

/** The zone this viewer reads times in (profile, else the browser's cookie, else UTC), and where it came from. */
export async function viewerZone(context: AppLoadContext, request: Request): Promise<{ zone: string; fromProfile: boolean }> {
  const profileZone = context.user ? await findUserTimeZone(getDb(), context.user.id) : null;
  const zone = viewerTimeZone(profileZone, request.headers.get("Cookie"));
  return { zone, fromProfile: isTimeZone(profileZone) };
}

/** The person's chosen zone (null: follow the browser) and the browser's, for the settings form. */
export async function timeZoneSetting(userId: string, request: Request) {
  const chosen = await findUserTimeZone(getDb(), userId);
  const browser = readCookie(request.headers.get("Cookie"), TIME_ZONE_COOKIE);
  return { chosen: isTimeZone(chosen) ? chosen : null, browser: isTimeZone(browser) ? browser : null };
}

/** Saves the person's zone; the caller has validated it with `isTimeZone` (null: follow the browser). */
export async function saveTimeZone(userId: string, zone: string | null): Promise<void> {
  if (zone !== null && !isTimeZone(zone)) throw new Error("not a time zone");
  await setUserTimeZone(getDb(), userId, zone, now());
}
