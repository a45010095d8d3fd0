import { match } from "@formatjs/intl-localematcher";

/**
 * The six UN languages the workspace speaks (issue 21). English is the source language and the
 * last resort. Shared by the server (which picks the language of each answer and of each mail)
 * and the browser (the switcher, the catalogue it loads).
 */
export const LOCALES = ["en", "ar", "zh", "fr", "ru", "es"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language's name in itself: what the switcher shows, whatever the page's language. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  ar: "العربية",
  zh: "中文",
  fr: "Français",
  ru: "Русский",
  es: "Español",
};

/** The BCP 47 tag `Intl` and `<html lang>` get (Chinese is written in simplified characters at the UN). */
export const LOCALE_TAGS: Record<Locale, string> = { en: "en", ar: "ar", zh: "zh-Hans", fr: "fr", ru: "ru", es: "es" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** A stored language (users.language…) as a Locale: English when it is none of ours or not set. */
export function localeOrDefault(value: unknown): Locale {
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

export function directionOf(locale: Locale): "rtl" | "ltr" {
  return locale === "ar" ? "rtl" : "ltr";
}

/** The languages an Accept-Language header asks for, best first (q-values honoured, `*` and junk dropped). */
export function acceptedLanguages(header: string | null | undefined): string[] {
  if (!header) return [];
  const entries: { tag: string; q: number; order: number }[] = [];
  header
    .split(",")
    .slice(0, 32)
    .forEach((part, order) => {
      const [tag, ...params] = part.trim().split(";");
      if (!tag || tag === "*" || !/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(tag)) return;
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const q = qParam ? Number(qParam.slice(2)) : 1;
      if (!Number.isFinite(q) || q <= 0 || q > 1) return;
      entries.push({ tag, q, order });
    });
  return entries.sort((a, b) => b.q - a.q || a.order - b.order).map((e) => e.tag);
}

/** The best of our languages for an Accept-Language header ("zh-TW" → zh, "fr-CA" → fr, none → en). */
export function negotiateLocale(header: string | null | undefined): Locale {
  const requested = acceptedLanguages(header);
  if (!requested.length) return DEFAULT_LOCALE;
  try {
    const tags = LOCALES.map((l) => LOCALE_TAGS[l]);
    const best = match(requested, tags, LOCALE_TAGS[DEFAULT_LOCALE], { algorithm: "best fit" });
    return LOCALES.find((l) => LOCALE_TAGS[l] === best) ?? DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}
