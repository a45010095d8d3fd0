import { useCallback, type ReactNode } from "react";
import { IntlProvider, useIntl } from "react-intl";
import { DEFAULT_LOCALE, LOCALE_TAGS, LOCALES, type Locale } from "../../../common/locales";
import { messagesFor, type MessageId, type MessageValues } from "./messages";

export { FormattedMessage } from "react-intl";

const noop = () => {};

/** The page's language for every component below (root.tsx renders it around the app). */
export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return (
    <IntlProvider locale={LOCALE_TAGS[locale]} defaultLocale={LOCALE_TAGS[DEFAULT_LOCALE]} messages={messagesFor(locale)} onError={noop}>
      {children}
    </IntlProvider>
  );
}

/** `t` for components: re-renders in the new language when the reader switches. */
export function useT(): (id: MessageId, values?: MessageValues) => string {
  const intl = useIntl();
  return useCallback((id: MessageId, values?: MessageValues) => intl.formatMessage({ id }, values as Record<string, string>), [intl]);
}

/** The page's language (one of LOCALES). */
export function usePageLocale(): Locale {
  const tag = useIntl().locale;
  return LOCALES.find((l) => LOCALE_TAGS[l] === tag) ?? DEFAULT_LOCALE;
}

/** Dates, numbers and lists in the page's language (`Intl` underneath). */
export function useFormat() {
  return useIntl();
}
