import { useLocation, useRevalidator } from "@remix-run/react";
import { useRef, type MouseEvent } from "react";
import { directionOf, LOCALE_NAMES, LOCALE_TAGS, LOCALES, type Locale } from "../../common/locales";
import { switchLanguage } from "../lib/i18n/client";
import { usePageLocale, useT } from "../lib/i18n/react";

/** The page's address with `?lang=` set: what each choice links to (it works without JavaScript). */
export function languageHref(pathname: string, search: string, hash: string, locale: Locale): string {
  const params = new URLSearchParams(search);
  params.set("lang", locale);
  return `${pathname}?${params.toString()}${hash}`;
}

/**
 * The header's language menu: six links, each language named in itself. Without JavaScript a
 * link reloads the page in that language; with it the page switches in place (what was typed
 * into a form stays) and the choice is remembered all the same.
 */
export function LanguageSwitcher() {
  const t = useT();
  const current = usePageLocale();
  const location = useLocation();
  const revalidator = useRevalidator();
  const details = useRef<HTMLDetailsElement>(null);

  const choose = (locale: Locale) => async (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    details.current?.removeAttribute("open");
    if (locale === current) return;
    if (!(await switchLanguage(locale))) {
      window.location.assign((event.currentTarget as HTMLAnchorElement).href);
      return;
    }
    document.documentElement.lang = LOCALE_TAGS[locale];
    document.documentElement.dir = directionOf(locale);
    revalidator.revalidate();
  };

  return (
    <details ref={details} className="language-switcher relative" data-testid="language-switcher">
      <summary
        className="flex cursor-pointer list-none items-center gap-1 rounded px-2 py-1 text-sm text-brand-50 hover:bg-brand-700"
        aria-label={t("language.switcher.label", { language: LOCALE_NAMES[current] })}
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.5">
          <circle cx="10" cy="10" r="7.5" />
          <path d="M2.5 10h15M10 2.5c2.2 2.2 3.2 4.7 3.2 7.5s-1 5.3-3.2 7.5c-2.2-2.2-3.2-4.7-3.2-7.5s1-5.3 3.2-7.5z" />
        </svg>
        <span lang={LOCALE_TAGS[current]}>{LOCALE_NAMES[current]}</span>
      </summary>
      <ul className="absolute end-0 z-40 mt-1 min-w-[10rem] rounded-md border border-slate-200 bg-white py-1 text-slate-900 shadow-lg">
        {LOCALES.map((locale) => (
          <li key={locale}>
            <a
              href={languageHref(location.pathname, location.search, location.hash, locale)}
              hrefLang={LOCALE_TAGS[locale]}
              lang={LOCALE_TAGS[locale]}
              dir={directionOf(locale)}
              aria-current={locale === current ? "true" : undefined}
              onClick={choose(locale)}
              className={`block px-3 py-1.5 text-start text-sm no-underline hover:bg-slate-100 ${locale === current ? "font-semibold text-brand-800" : "text-slate-800"}`}
              data-testid={`language-${locale}`}
            >
              {LOCALE_NAMES[locale]}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
