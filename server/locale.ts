import type { RequestHandler } from "express";
import { chooseLocale, langCookie, LANG_COOKIE, LANG_PARAM, runInLocale } from "../app/lib/i18n/request-locale.server";
import { readCookie } from "../app/lib/time-zones";
import { saveLanguage } from "../app/models/language.server";
import { LOCALE_TAGS } from "../common/locales";

/**
 * Picks each request's language (app/lib/i18n/request-locale.server.ts says how) after the
 * session is known, remembers a `?lang=` choice, and runs the rest of the request in it.
 */
export function localeMiddleware(secureCookies: boolean): RequestHandler {
  return async (req, res, next) => {
    try {
      const param = typeof req.query[LANG_PARAM] === "string" ? (req.query[LANG_PARAM] as string) : null;
      const cookie = readCookie(req.headers.cookie ?? null, LANG_COOKIE);
      const user = res.locals.user as { id: string; language: string | null } | null;
      const { locale, chosen } = chooseLocale({ param, cookie, profile: user?.language, acceptLanguage: req.headers["accept-language"] });
      if (chosen) {
        if (cookie !== locale) res.append("Set-Cookie", langCookie(locale, secureCookies));
        if (user && user.language !== locale) {
          await saveLanguage(user.id, locale);
          user.language = locale;
        }
      }
      res.locals.locale = locale;
      // Pages differ by language: a cache keys them on the cookie and the browser's languages.
      res.vary("Accept-Language");
      res.vary("Cookie");
      res.setHeader("Content-Language", LOCALE_TAGS[locale]);
      runInLocale(locale, next);
    } catch (error) {
      next(error);
    }
  };
}
