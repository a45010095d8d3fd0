import { LOCALE_TAGS, type Locale } from "../../../common/locales";
import { currentLocale } from "./messages";

/**
 * Dates, numbers and lists in the current language, with `Intl` (issue 21). English keeps the
 * workspace's British style ("29 Nov 2026"); the others use their own conventions (Arabic
 * digits and month names, 2026年11月29日…). Formatters are built once per language and style.
 *
 * A date rendered on the server and again in the browser can differ by a character between two
 * ICU versions: put it in `<Time>` (app/components/time.tsx), which tolerates that at hydration.
 */
const formatTag = (locale: Locale) => (locale === "en" ? "en-GB" : LOCALE_TAGS[locale]);
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>();

function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>(key: string, make: () => F): F {
  let f = cache.get(key) as F | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

export function dateTimeFormat(options: Intl.DateTimeFormatOptions, locale: Locale = currentLocale()): Intl.DateTimeFormat {
  return cached(`d|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(formatTag(locale), options));
}

export function numberFormat(options: Intl.NumberFormatOptions = {}, locale: Locale = currentLocale()): Intl.NumberFormat {
  return cached(`n|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(formatTag(locale), options));
}

/** "1,000" / "١٬٠٠٠" / "1 000". */
export function formatNumber(n: number, locale: Locale = currentLocale()): string {
  return numberFormat({}, locale).format(n);
}

/** "a, b or c" (`type: "disjunction"`) / "a, b and c" in the language's own words. */
export function formatList(items: readonly string[], type: "conjunction" | "disjunction" = "conjunction", locale: Locale = currentLocale()): string {
  return cached(`l|${locale}|${type}`, () => new Intl.ListFormat(formatTag(locale), { style: "long", type })).format(items);
}
