import { Feed } from "feed";
import { getDb } from "../../db/client";
import { listPublicOutputs } from "../../db/queries/output-feed";
import { excerpt } from "../lib/markdown.server";
import type { CoalitionAccess } from "./access.server";
import { requireAllowed } from "./access.server";
import { currentLocale, t } from "../lib/i18n/messages";
import { LOCALE_TAGS } from "../../common/locales";

// Atom and JSON Feed of published outputs (issue 25), written with the `feed` library (docs/decisions/
// 0012-calendar-and-feed-libraries.md). Only public coalitions' published versions are listed, whoever asks:
// a feed is read by programs that do not sign in, and is often passed on. What the app writes (the
// feed's title, description, the items' titles) is in the requester's language (?lang=, cookie,
// Accept-Language); the outputs themselves are as published.

const FEED_SIZE = 50;

type Scope = { kind: "forum" } | { kind: "coalition"; access: CoalitionAccess };

async function buildFeed(scope: Scope, origin: string): Promise<Feed> {
  const coalition = scope.kind === "coalition" ? scope.access.coalition : null;
  if (scope.kind === "coalition") requireAllowed(scope.access, "version:read");
  const rows =
    coalition && coalition.visibility !== "public" ? [] : await listPublicOutputs(getDb(), { coalitionId: coalition?.id, limit: FEED_SIZE });
  const base = coalition ? `/coalitions/${coalition.slug}/outputs` : "/";
  const feedPath = coalition ? `/coalitions/${coalition.slug}/outputs` : "/outputs";
  const updated = rows.reduce((max, r) => {
    const at = r.withdrawn_at && r.withdrawn_at > r.published_at ? r.withdrawn_at : r.published_at;
    return at > max ? at : max;
  }, coalition?.updated_at ?? "1970-01-01T00:00:00.000Z");
  const feed = new Feed({
    id: new URL(feedPath + ".atom", origin).href,
    title: coalition ? t("feeds.coalition.title", { coalition: coalition.name }) : t("feeds.forum.title"),
    description: coalition ? t("feeds.coalition.description", { coalition: coalition.name }) : t("feeds.forum.description"),
    language: LOCALE_TAGS[currentLocale()],
    link: new URL(base, origin).href,
    updated: new Date(updated),
    generator: "Coalition Workspace",
    copyright: t("feeds.copyright"),
    feedLinks: { atom: new URL(feedPath + ".atom", origin).href, json: new URL(feedPath + ".json", origin).href },
  });
  for (const r of rows) {
    const link = new URL(`/coalitions/${r.coalition_slug}/outputs/${r.id}`, origin).href;
    const withdrawn = r.withdrawn_at ? ` ${t("feeds.item.withdrawnReason", { reason: r.withdrawn_reason ?? "" })}` : "";
    const title = { title: r.document_title, number: Number(r.number), label: r.label };
    feed.addItem({
      id: link,
      title: r.withdrawn_at ? t("feeds.item.titleWithdrawn", title) : t("feeds.item.title", title),
      link,
      date: new Date(r.withdrawn_at ?? r.published_at),
      published: new Date(r.published_at),
      description: excerpt(`${r.coalition_name}.${withdrawn} ${r.note ?? ""}`, 300),
      content: r.html,
      author: [{ name: r.published_by_name ?? r.coalition_name }],
    });
  }
  return feed;
}

export async function outputsAtom(scope: Scope, origin: string): Promise<string> {
  return (await buildFeed(scope, origin)).atom1();
}

export async function outputsJson(scope: Scope, origin: string): Promise<string> {
  return (await buildFeed(scope, origin)).json1();
}

// The app's words follow the requester's language: a shared cache keeps one copy per language choice.
const VARY = "Accept-Language, Cookie";
export const ATOM_HEADERS = { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300", Vary: VARY };
export const JSON_FEED_HEADERS = { "Content-Type": "application/feed+json; charset=utf-8", "Cache-Control": "public, max-age=300", Vary: VARY };
