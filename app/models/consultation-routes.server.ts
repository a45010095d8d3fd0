import type { LoaderFunctionArgs } from "@remix-run/node";
import { directionOf, LOCALE_TAGS } from "../../common/locales";
import { currentLocale } from "../lib/i18n/messages";
import { requireCoalitionAccess } from "./access.server";
import { dispositionDownload, type DispositionFormat } from "./consultation-disposition.server";
import { requireConsultation } from "./consultations.server";

/** The disposition downloads' loader (the route files only pick the format). */
export async function dispositionLoader({ context, request, params }: LoaderFunctionArgs, format: DispositionFormat) {
  const access = await requireCoalitionAccess(context, request, params.slug, "consultation:read");
  const c = await requireConsultation(access, params.consultationId);
  const locale = currentLocale();
  return dispositionDownload(c, format, LOCALE_TAGS[locale], directionOf(locale));
}
