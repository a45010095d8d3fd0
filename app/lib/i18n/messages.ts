import { createIntl, createIntlCache, type IntlShape } from "react-intl";
import { DEFAULT_LOCALE, LOCALE_TAGS, type Locale } from "../../../common/locales";
import type en from "../../locales/en.json";
import english from "../../locales/en.json";

/**
 * The message catalogues (app/locales/<lang>.json: one flat catalogue per language, ICU
 * MessageFormat, English the source) and the one `t` every layer translates with.
 *
 * Which language `t` speaks is asked of a source set once per runtime: on the server, the
 * request's language (app/lib/i18n/request-locale.server.ts, an AsyncLocalStorage, so models and
 * form schemas translate without being handed anything); in the browser, the page's language
 * (app/lib/i18n/client.ts). Outside both (a unit test, a script) it is English.
 *
 * An id is checked by TypeScript against the English catalogue (`MessageId`), and
 * tests/unit/i18n-catalogues.test.ts checks that every language has every id with the same
 * placeholders and every plural form its language needs.
 */
export type MessageId = Exclude<keyof typeof en, "_review">;
export type Messages = Record<string, string>;
export type MessageValues = Record<string, string | number | Date | null | undefined>;

/** A catalogue file as read: its messages, and `_review` (ids a native reader should check), which is not a message. */
export function catalogueMessages(file: unknown): Messages {
  const { _review: _ignored, ...messages } = file as Record<string, unknown>;
  return messages as Messages;
}

const loaded = new Map<Locale, Messages>([["en", catalogueMessages(english)]]);
const intls = new Map<Locale, IntlShape>();
const cache = createIntlCache();

/** Makes a language's catalogue available (the server registers all six, the browser the page's). */
export function registerMessages(locale: Locale, file: unknown): void {
  loaded.set(locale, catalogueMessages(file));
  intls.delete(locale);
}

export function hasMessages(locale: Locale): boolean {
  return loaded.has(locale);
}

export function messagesFor(locale: Locale): Messages {
  return loaded.get(locale) ?? loaded.get(DEFAULT_LOCALE)!;
}

/** One formatter per language, built once (its compiled messages are cached with it). */
export function intlFor(locale: Locale): IntlShape {
  const usable = loaded.has(locale) ? locale : DEFAULT_LOCALE;
  let intl = intls.get(usable);
  if (!intl) {
    intl = createIntl(
      {
        locale: LOCALE_TAGS[usable],
        messages: messagesFor(usable),
        defaultLocale: LOCALE_TAGS[DEFAULT_LOCALE],
        // A missing translation falls back to the id (English has them all: the catalogue test says so).
        onError: () => {},
      },
      cache,
    );
    intls.set(usable, intl);
  }
  return intl;
}

let localeSource: () => Locale = () => DEFAULT_LOCALE;

/** Where `t` learns the current language (set once by the server, or by the browser at start). */
export function setLocaleSource(source: () => Locale): void {
  localeSource = source;
}

export function currentLocale(): Locale {
  return localeSource();
}

/** A message in the current language. English's text for an id the language lacks. */
export function t(id: MessageId, values?: MessageValues): string {
  return format(currentLocale(), id, values);
}

/** A message in a named language (mail to a person in their language, whatever the request's). */
export function format(locale: Locale, id: MessageId, values?: MessageValues): string {
  const intl = intlFor(locale);
  if (!(id in intl.messages)) return intlFor(DEFAULT_LOCALE).formatMessage({ id }, values as Record<string, string>);
  return intl.formatMessage({ id }, values as Record<string, string>);
}

/**
 * A form schema's message, translated when the schema runs (zod calls it for each issue), so a
 * module-level schema speaks the language of the request that is being validated.
 */
export function msg(id: MessageId, values?: MessageValues): { error: () => string } {
  return { error: () => t(id, values) };
}
