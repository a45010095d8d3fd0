/**
 * Time zones for the calendar (issue 25). Times are stored in UTC; an event remembers the IANA
 * zone it was entered in, and each viewer reads times in their own zone (profile setting, else
 * the browser's, else UTC). Everything here uses the runtime's Intl data, nothing hand-kept.
 * Dates are written in the current language (issue 21): English keeps the workspace's own
 * style ("Tue 10 Mar 2026, 14:00 CET"), the other languages their `Intl` conventions.
 */
import type { Locale } from "../../common/locales";
import { dateTimeFormat } from "./i18n/format";
import { currentLocale } from "./i18n/messages";

let zones: ReadonlySet<string> | null = null;

/** Every IANA zone name the runtime knows, plus "UTC" (which `supportedValuesOf` omits in some runtimes). */
export function timeZoneNames(): string[] {
  return [...knownZones()].sort();
}

function knownZones(): ReadonlySet<string> {
  zones ??= new Set(["UTC", ...Intl.supportedValuesOf("timeZone")]);
  return zones;
}

/**
 * Is this a time zone name the runtime knows, spelled as listed ("Europe/Paris")? An alias
 * of a listed zone ("Asia/Kolkata" where the list has "Asia/Calcutta") counts too, since
 * browsers report either; a case variant ("europe/paris") does not.
 */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || value.length > 64) return false;
  if (knownZones().has(value)) return true;
  if (!/^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/.test(value)) return false;
  try {
    const canonical = new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
    return knownZones().has(canonical) && canonical.toLowerCase() !== value.toLowerCase();
  } catch {
    return false;
  }
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time in a zone at an instant. */
function wallTimeAt(ms: number, timeZone: string): WallTime & { second: number } {
  const parts = Object.fromEntries(partsFormatter(timeZone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallTimeAt(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * "2026-03-29T02:30" read in a zone → the UTC ISO string, or null when the text is not a
 * date-time or names a wall time that does not exist there (a spring-forward gap). An
 * ambiguous autumn time takes the earlier instant.
 */
export function zonedToUtc(local: string, timeZone: string): string | null {
  const m = LOCAL_RE.exec(local);
  if (!m || !isTimeZone(timeZone)) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number);
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(naive);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return null;
  // Try the offsets in force around that day; keep the earliest candidate that reads back the same.
  const candidates = [naive - offsetAt(naive - 86_400_000, timeZone), naive - offsetAt(naive, timeZone), naive - offsetAt(naive + 86_400_000, timeZone)]
    .sort((a, b) => a - b)
    .filter((ms) => {
      const w = wallTimeAt(ms, timeZone);
      return w.year === year && w.month === month && w.day === day && w.hour === hour && w.minute === minute;
    });
  return candidates.length ? new Date(candidates[0]).toISOString() : null;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The UTC instant as the "YYYY-MM-DDTHH:mm" a datetime-local field shows, in a zone. */
export function utcToZonedInput(iso: string, timeZone: string): string {
  const w = wallTimeAt(Date.parse(iso), isTimeZone(timeZone) ? timeZone : "UTC");
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The zone's short name at an instant ("CET", "GMT+9", "UTC"). */
function zoneAbbreviation(ms: number, timeZone: string): string {
  const part = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "short" }).formatToParts(new Date(ms)).find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

function pieces(iso: string, timeZone: string) {
  const ms = Date.parse(iso);
  const zone = isTimeZone(timeZone) ? timeZone : "UTC";
  const w = wallTimeAt(ms, zone);
  const weekday = DAYS[new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay()];
  return {
    date: `${weekday} ${w.day} ${MONTHS[w.month - 1]} ${w.year}`,
    time: `${pad(w.hour)}:${pad(w.minute)}`,
    zone: zoneAbbreviation(ms, zone),
  };
}

/** A date, time and zone name in a language other than English, by `Intl` in that zone. */
function localFormat(timeZone: string, locale: Locale): Intl.DateTimeFormat {
  const zone = isTimeZone(timeZone) ? timeZone : "UTC";
  return dateTimeFormat(
    { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone, timeZoneName: "short" },
    locale,
  );
}

/** "Tue 10 Mar 2026, 14:00 CET" ("mar. 10 mars 2026, 14:00 UTC+1"): an instant as a reader in that zone sees it. */
export function formatInZone(iso: string, timeZone: string, locale: Locale = currentLocale()): string {
  if (Number.isNaN(Date.parse(iso))) return iso;
  if (locale !== "en") return localFormat(timeZone, locale).format(new Date(iso));
  const p = pieces(iso, timeZone);
  return `${p.date}, ${p.time} ${p.zone}`;
}

/** A start and end as one phrase in a zone: the end's date is left out when it is the same day. */
export function formatRangeInZone(startIso: string, endIso: string, timeZone: string, locale: Locale = currentLocale()): string {
  if (startIso === endIso || Number.isNaN(Date.parse(endIso))) return formatInZone(startIso, timeZone, locale);
  if (locale !== "en" && !Number.isNaN(Date.parse(startIso))) return localFormat(timeZone, locale).formatRange(new Date(startIso), new Date(endIso));
  const a = pieces(startIso, timeZone);
  const b = pieces(endIso, timeZone);
  if (a.date === b.date) return `${a.date}, ${a.time} – ${b.time} ${b.zone}`;
  return `${a.date}, ${a.time} ${a.zone} – ${b.date}, ${b.time} ${b.zone}`;
}

/** The name of the cookie the browser's zone is kept in (set by the calendar pages' script). */
export const TIME_ZONE_COOKIE = "tz";

/** The zone a viewer reads times in: their profile's, else their browser's (cookie), else UTC. */
export function viewerTimeZone(profileZone: string | null | undefined, cookieHeader: string | null): string {
  if (isTimeZone(profileZone)) return profileZone;
  const fromCookie = readCookie(cookieHeader, TIME_ZONE_COOKIE);
  return isTimeZone(fromCookie) ? fromCookie : "UTC";
}

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}
