import type { Coalition } from "../../db/schema";
import type { SocialCard } from "../lib/social-meta";
import type { VersionWithContent } from "./versions.server";
import { t } from "../lib/i18n/messages";
import { dateTimeFormat } from "../lib/i18n/format";

/**
 * Link-preview cards for the pages the public may see: a public coalition's overview and its
 * published outputs. A private coalition gets `null`: no description, no Open Graph, nothing a
 * shared link would unfurl.
 */

/** The site's name on a card, in the reader's language. */
export const siteName = () => t("site.name");
const DESCRIPTION_MAX = 200;

/** One line of at most DESCRIPTION_MAX characters, cut at a word. */
export function summaryOf(text: string, max = DESCRIPTION_MAX): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s.,;:!?-]+$/, "")}…`;
}

const absolute = (path: string, origin: string) => new URL(path, origin).href;

export function coalitionCard(coalition: Coalition, origin: string): SocialCard | null {
  if (coalition.visibility !== "public") return null;
  return {
    type: "website",
    siteName: siteName(),
    title: coalition.name,
    description: summaryOf(coalition.description || t("outputs.card.coalitionDescription", { coalition: coalition.name })),
    url: absolute(`/coalitions/${coalition.slug}`, origin),
    image: absolute("/icon-512.png", origin),
  };
}

export function outputCard(coalition: Coalition, version: VersionWithContent, origin: string): SocialCard | null {
  if (coalition.visibility !== "public") return null;
  const heading = t("outputs.card.title", { title: version.documentTitle, label: version.label, number: version.number });
  const date = dateTimeFormat({ day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(version.publishedAt));
  return {
    type: "article",
    siteName: siteName(),
    title: heading,
    description: summaryOf(version.plainText || t("outputs.card.description", { coalition: coalition.name, date })),
    url: absolute(`/coalitions/${coalition.slug}/outputs/${version.id}`, origin),
    image: absolute("/icon-512.png", origin),
    publishedTime: version.publishedAt,
  };
}
