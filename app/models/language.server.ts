import { getDb } from "../../db/client";
import { now } from "../../db/ids";
import { updateUser } from "../../db/queries/users";
import { isLocale, type Locale } from "../../common/locales";

/**
 * Saves the language a person reads the workspace and gets mail in (null: their browser's).
 * Called by the profile form, the switcher's `?lang=` and the browser's switch, all validated.
 */
export async function saveLanguage(userId: string, locale: Locale | null): Promise<void> {
  if (locale !== null && !isLocale(locale)) throw new Error("not a language");
  await updateUser(getDb(), userId, { language: locale, updated_at: now() });
}
