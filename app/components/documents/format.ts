import { dateTimeFormat } from "../../lib/i18n/format";
import { currentLocale } from "../../lib/i18n/messages";

// Dates in UTC, in the page's language. English keeps its fixed British form; the others use
// their own conventions (`Intl`). A date rendered on the server and again in the browser can
// differ by a character between two ICU versions: the elements showing one tolerate it.
const dateTime = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const dateOnly = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

export function formatDateTime(iso: string): string {
  const locale = currentLocale();
  if (locale === "en") return `${dateTime.format(new Date(iso))} UTC`;
  return dateTimeFormat({ day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC", timeZoneName: "short" }, locale).format(new Date(iso));
}

export function formatDate(iso: string): string {
  const locale = currentLocale();
  if (locale === "en") return dateOnly.format(new Date(iso));
  return dateTimeFormat({ day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }, locale).format(new Date(iso));
}
