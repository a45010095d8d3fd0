import type { MetaDescriptor } from "@remix-run/node";

/**
 * What a link preview (Open Graph) and a search result (description) show of a public page.
 * Built on the server (app/models/social-cards.server.ts), only for public coalitions; a private
 * coalition's pages get none (`null`). React escapes the attribute values.
 */
export interface SocialCard {
  title: string;
  description: string;
  /** Absolute URLs. */
  url: string;
  image: string;
  type: "website" | "article";
  siteName: string;
  publishedTime?: string;
}

/** The description and Open Graph tags of a card (none for `null`). */
export function socialMeta(card: SocialCard | null | undefined): MetaDescriptor[] {
  if (!card) return [];
  return [
    { name: "description", content: card.description },
    { property: "og:type", content: card.type },
    { property: "og:site_name", content: card.siteName },
    { property: "og:title", content: card.title },
    { property: "og:description", content: card.description },
    { property: "og:url", content: card.url },
    { property: "og:image", content: card.image },
    { name: "twitter:card", content: "summary" },
    { tagName: "link", rel: "canonical", href: card.url },
    ...(card.publishedTime ? [{ property: "article:published_time", content: card.publishedTime }] : []),
  ];
}
