import { AsyncLocalStorage } from "node:async_hooks";
import { DEFAULT_LOCALE, isLocale, negotiateLocale, type Locale } from "../../../common/locales";
import "./catalogues.server";
import { setLocaleSource } from "./messages";

/**
 * The language of each answer, chosen once per request (issue 21):
 *   `?lang=` on any page (and remembered: the `lang` cookie, and the profile when signed in),
 *   else the `lang` cookie (the switcher's choice on this device),
 *   else the profile's language,
 *   else the browser's Accept-Language,
 *   else English.
 * Everything that runs for the request (loaders, actions, models, form schemas, the page) asks
 * `t`, which reads the language kept here; jobs name the recipient's language with `inLocale`.
 */
// One store per process, found through a global: the Node server (server/locale.ts sets it) and
// the Remix build it loads (whose loaders read it) are separate copies of this module.
const STORE_KEY = Symbol.for("coalition-workspace.request-locale");
const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<Locale> | undefined>;
const store: AsyncLocalStorage<Locale> = (holder[STORE_KEY] ??= new AsyncLocalStorage<Locale>());
setLocaleSource(() => store.getStore() ?? DEFAULT_LOCALE);

export const LANG_COOKIE = "lang";
export const LANG_PARAM = "lang";
const ONE_YEAR_S = 365 * 24 * 3600;

export function inLocale<T>(locale: Locale, fn: () => T): T {
  return store.run(locale, fn);
}

/** Runs the rest of the request (an Express `next`) in the given language. */
export function runInLocale(locale: Locale, next: () => void): void {
  store.run(locale, next);
}

export interface LocaleInputs {
  param: string | null | undefined;
  cookie: string | null | undefined;
  profile: string | null | undefined;
  acceptLanguage: string | null | undefined;
}

export interface LocaleChoice {
  locale: Locale;
  /** `?lang=` named a language: remember it (cookie, and profile when signed in). */
  chosen: boolean;
}

export function chooseLocale(inputs: LocaleInputs): LocaleChoice {
  if (isLocale(inputs.param)) return { locale: inputs.param, chosen: true };
  if (isLocale(inputs.cookie)) return { locale: inputs.cookie, chosen: false };
  if (isLocale(inputs.profile)) return { locale: inputs.profile, chosen: false };
  return { locale: negotiateLocale(inputs.acceptLanguage), chosen: false };
}

export function langCookie(locale: Locale, secure: boolean): string {
  return `${LANG_COOKIE}=${locale}; Path=/; Max-Age=${ONE_YEAR_S}; SameSite=Lax${secure ? "; Secure" : ""}`;
}
