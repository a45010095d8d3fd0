import { DEFAULT_LOCALE, isLocale, LOCALE_TAGS, LOCALES, type Locale } from "../../../common/locales";
import { hasMessages, registerMessages, setLocaleSource } from "./messages";

// The browser's side of app/lib/i18n/messages.ts: it loads only the page's language (each
// catalogue is its own chunk) and switches without a reload, so what was typed stays.

const loaders: Record<Exclude<Locale, "en">, () => Promise<{ default: unknown }>> = {
  ar: () => import("../../locales/ar.json"),
  es: () => import("../../locales/es.json"),
  fr: () => import("../../locales/fr.json"),
  ru: () => import("../../locales/ru.json"),
  zh: () => import("../../locales/zh.json"),
};

let current: Locale = DEFAULT_LOCALE;

/** The language `<html lang>` names (the server chose it), or English. */
export function pageLocale(doc: Document = document): Locale {
  const tag = doc.documentElement.lang;
  return LOCALES.find((l) => LOCALE_TAGS[l] === tag) ?? (isLocale(tag) ? tag : DEFAULT_LOCALE);
}

export async function loadLocale(locale: Locale): Promise<void> {
  if (locale === "en" || hasMessages(locale)) return;
  registerMessages(locale, (await loaders[locale]()).default);
}

/** Before hydration: the page's catalogue is loaded and `t` speaks its language. */
export async function startLocale(): Promise<Locale> {
  const locale = pageLocale();
  await loadLocale(locale);
  speakLocale(locale);
  return locale;
}

export function speakLocale(locale: Locale): void {
  current = locale;
  setLocaleSource(() => current);
}

/**
 * The switcher with JavaScript: remember the choice (POST /language sets the cookie and the
 * profile), load the catalogue, speak it, then have the caller revalidate the page's data.
 * Returns false when the server refused (the link's plain navigation is the fallback).
 */
export async function switchLanguage(locale: Locale): Promise<boolean> {
  const body = new FormData();
  body.set("lang", locale);
  const res = await fetch("/language", { method: "POST", body, headers: { Accept: "application/json" } });
  if (!res.ok) return false;
  await loadLocale(locale);
  speakLocale(locale);
  return true;
}
