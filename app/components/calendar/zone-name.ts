import { directionOf } from "../../../common/locales";
import { usePageLocale } from "../../lib/i18n/react";

/**
 * A time zone's name ("Europe/Paris") for a sentence in the page's language: in a right-to-left
 * page it is isolated (FSI…PDI) so that its slash and the sentence's full stop stay in place.
 */
export function useZoneName(): (zone: string) => string {
  const rtl = directionOf(usePageLocale()) === "rtl";
  return (zone) => (rtl ? `\u2068${zone}\u2069` : zone);
}
