import type { Delivery } from "../../../common/mail-delivery";
import { isTimeZone, utcToZonedInput, zonedToUtc } from "../time-zones";

/**
 * When digests are due (issue 22). A person's digests go out once a day at DIGEST_HOUR o'clock in
 * their calendar time zone (users.time_zone; UTC when they have none): the daily ones every day,
 * a weekly one on its chosen day (0 = Sunday … 6 = Saturday). A moment missed by more than
 * DIGEST_GRACE_MS (the server was down) is skipped; what it would have carried goes in the next.
 */
export const DIGEST_HOUR = 7;
export const DIGEST_GRACE_MS = 12 * 3600_000;
/** How far ahead a digest announces meetings. */
export const MEETING_HORIZON_MS = 7 * 24 * 3600_000;
const DAY_MS = 24 * 3600_000;

export interface DigestMoment {
  /** The instant (UTC). */
  at: Date;
  /** The local date there, "YYYY-MM-DD": what names the period (one digest per person per date). */
  date: string;
  /** The local weekday, 0 = Sunday. */
  weekday: number;
}

const pad = (n: number) => String(n).padStart(2, "0");

function localDate(year: number, month: number, day: number): { date: string; weekday: number } {
  const d = new Date(Date.UTC(year, month - 1, day));
  return { date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`, weekday: d.getUTCDay() };
}

/** DIGEST_HOUR on a local date in a zone (the next whole hour when a clock change skips it). */
function momentOn(date: string, weekday: number, zone: string): DigestMoment {
  for (let hour = DIGEST_HOUR; hour < 24; hour++) {
    const iso = zonedToUtc(`${date}T${pad(hour)}:00`, zone);
    if (iso) return { at: new Date(iso), date, weekday };
  }
  return { at: new Date(`${date}T${pad(DIGEST_HOUR)}:00:00Z`), date, weekday };
}

export function digestZone(zone: string | null | undefined): string {
  return isTimeZone(zone) ? zone : "UTC";
}

/** The latest digest moment at or before `now` in the zone. */
export function latestDigestMoment(now: Date, zone: string | null | undefined): DigestMoment {
  const tz = digestZone(zone);
  const [y, m, d] = utcToZonedInput(now.toISOString(), tz).slice(0, 10).split("-").map(Number);
  const today = localDate(y, m, d);
  const moment = momentOn(today.date, today.weekday, tz);
  if (moment.at.getTime() <= now.getTime()) return moment;
  const yesterday = localDate(y, m, d - 1);
  return momentOn(yesterday.date, yesterday.weekday, tz);
}

/** The moment of a local date (as stored in a digest job), in the zone. */
export function digestMomentOn(date: string, zone: string | null | undefined): DigestMoment {
  const [y, m, d] = date.split("-").map(Number);
  const day = localDate(y, m, d);
  return momentOn(day.date, day.weekday, digestZone(zone));
}

/** Does a coalition with this choice get a digest at this moment? */
export function dueAt(delivery: Delivery, digestDay: number, moment: DigestMoment): boolean {
  return delivery === "daily" || (delivery === "weekly" && digestDay === moment.weekday);
}

/** How far back a first digest (no mark yet) looks. */
export function periodMs(delivery: Delivery): number {
  return delivery === "daily" ? DAY_MS : 7 * DAY_MS;
}
