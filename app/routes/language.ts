import { json, type ActionFunctionArgs } from "@remix-run/node";
import { isLocale, LOCALES } from "../../common/locales";
import { langCookie } from "../lib/i18n/request-locale.server";
import { t } from "../lib/i18n/messages";
import { saveLanguage } from "../models/language.server";

/**
 * The language switcher with JavaScript (app/lib/i18n/client.ts): remembers the choice on this
 * device (the `lang` cookie) and on the profile, and answers 204 so the page switches in place.
 * Without JavaScript the switcher's links carry `?lang=`, which does the same on any page.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: t("language.error.method") }, { status: 405, headers: { Allow: "POST" } });
  const form = await request.formData().catch(() => null);
  const lang = form?.get("lang");
  if (!isLocale(lang)) return json({ error: t("language.error.unknown", { languages: LOCALES.join(", ") }) }, { status: 400 });
  if (context.user && context.user.language !== lang) await saveLanguage(context.user.id, lang);
  return new Response(null, { status: 204, headers: { "Set-Cookie": langCookie(lang, context.appOrigin.startsWith("https:")) } });
}

export function loader() {
  return json({ error: t("language.error.method") }, { status: 405, headers: { Allow: "POST" } });
}
