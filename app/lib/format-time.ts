import { currentLocale } from "./i18n/messages";
import { dateTimeFormat } from "./i18n/format";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * "29 Nov 2026, 06:05 UTC" in English (computed by hand, so the server's HTML and the hydrated
 * page agree), the page's language's own form otherwise (`Intl`, always in UTC).
 */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const locale = currentLocale();
  if (locale !== "en") return dateTimeFormat({ day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC", timeZoneName: "short" }, locale).format(d);
  const hh = String(d.getUTCHours()).padStart(2, "0");
  const mm = String(d.getUTCMinutes()).padStart(2, "0");
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${hh}:${mm} UTC`;
}

/** "29 Nov 2026" */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const locale = currentLocale();
  if (locale !== "en") return dateTimeFormat({ day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }, locale).format(d);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}
