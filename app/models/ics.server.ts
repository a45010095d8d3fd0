import { createHash, randomBytes } from "node:crypto";
import ical from "ical-generator";
import { getDb } from "../../db/client";
import { now } from "../../db/ids";
import * as calendar from "../../db/queries/calendar";
import type { CalendarEvent } from "../../db/schema";
import { kindLabel } from "../lib/calendar-schemas";
import { notFound } from "../lib/http.server";
import { DEFAULT_LOCALE, isLocale } from "../../common/locales";
import { currentLocale, t } from "../lib/i18n/messages";
import { inLocale } from "../lib/i18n/request-locale.server";
import { allows } from "../lib/policy";
import { principalRoles, type CoalitionRole } from "../lib/permissions";
import { requireAllowed, type CoalitionAccess } from "./access.server";
import { coalitionState } from "./access.server";
import { deadlineOf } from "./calendar.server";

// iCalendar feeds (RFC 5545) through ical-generator (docs/decisions/0012-calendar-and-feed-libraries.md): the
// forum's, a coalition's, and a personal one behind a random token (stored as a SHA-256 only).
// Each event keeps one UID for life and its SEQUENCE rises with every change, so calendar
// programs update the entry they already have instead of adding another. What the app writes
// (the feed's name, the kind of event, "Deadline:", "Details:") is in the language of whoever
// fetches the feed (?lang=, cookie, profile or Accept-Language); titles and descriptions are as typed.

const UID_DOMAIN = "coalition-workspace";

interface FeedEvent {
  row: CalendarEvent;
  link: string;
  /** Prefixed to the summary in a feed that mixes coalitions. */
  prefix?: string;
}

export function eventUid(id: string): string {
  return `${id}@${UID_DOMAIN}`;
}

/** The calendar file for these events. */
export function buildIcs(name: string, events: FeedEvent[]): string {
  const cal = ical({ name, prodId: { company: "Coalition Workspace", product: "Calendar", language: currentLocale().toUpperCase() } });
  for (const { row, link, prefix } of events) {
    const deadline = deadlineOf(row);
    const lines = [
      row.kind === "meeting" ? null : kindLabel(row.kind),
      deadline && row.kind === "call_for_sessions" ? t("ics.deadline", { date: deadline.replace("T", " ").slice(0, 16) }) : null,
      row.mode === "online" && row.url ? t("ics.joinOnline", { url: row.url }) : null,
      row.description || null,
      t("ics.details", { url: link }),
    ].filter(Boolean);
    cal.createEvent({
      id: eventUid(row.id),
      sequence: row.sequence,
      start: new Date(row.starts_at),
      end: new Date(row.ends_at),
      summary: `${prefix ? `[${prefix}] ` : ""}${row.title}`,
      description: lines.join("\n\n"),
      location: row.location ?? (row.mode === "online" ? t("ics.online") : null),
      url: link,
      stamp: new Date(row.updated_at),
      created: new Date(row.created_at),
      lastModified: new Date(row.updated_at),
    });
  }
  return cal.toString();
}

const forumLink = (origin: string, id: string) => new URL(`/calendar#event-${id}`, origin).href;
const meetingLink = (origin: string, slug: string, id: string) => new URL(`/coalitions/${slug}/calendar/${id}`, origin).href;

export async function forumIcs(origin: string): Promise<string> {
  const rows = await calendar.listForumEvents(getDb());
  return buildIcs(t("ics.name.forum"), rows.map((row) => ({ row, link: forumLink(origin, row.id) })));
}

export async function coalitionIcs(access: CoalitionAccess, origin: string): Promise<string> {
  requireAllowed(access, "event:read");
  const rows = await calendar.listCoalitionEvents(getDb(), [access.coalition.id]);
  return buildIcs(t("ics.name.coalition", { coalition: access.coalition.name }), rows.map((row) => ({ row, link: meetingLink(origin, access.coalition.slug, row.id) })));
}

// Personal feeds.

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Makes (or replaces) the person's feed token; the token is returned once and stored only hashed. */
export async function regenerateFeedToken(userId: string): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  await calendar.setFeedToken(getDb(), userId, hashToken(token), now());
  return token;
}

export function hasFeedToken(userId: string): Promise<boolean> {
  return calendar.hasFeedToken(getDb(), userId);
}

/**
 * A feed's address in a language: calendar programs fetch feeds without the reader's language,
 * so a page in another language than English hands out its feeds with `?lang=`.
 */
export function feedUrl(path: string, origin: string, locale = currentLocale()): string {
  const url = new URL(path, origin);
  if (locale !== DEFAULT_LOCALE) url.searchParams.set("lang", locale);
  return url.href;
}

/**
 * The personal feed: the forum's events and the meetings of every coalition the token's owner
 * belongs to and may still see (the policy is asked for each). An unknown token is a 404. It is
 * written in the owner's language (their profile's) unless `ownLanguage` is false (the address
 * names one with ?lang=), else in the request's.
 */
export async function personalIcs(token: string, origin: string, opts: { ownLanguage?: boolean } = {}): Promise<string> {
  const db = getDb();
  const userId = /^[A-Za-z0-9_-]{10,100}$/.test(token) ? await calendar.findFeedOwner(db, hashToken(token)) : undefined;
  if (!userId) throw notFound(t("ics.error.noFeed"));
  const owner = await db.selectFrom("users").select(["is_site_admin", "language"]).where("id", "=", userId).executeTakeFirstOrThrow();
  if (opts.ownLanguage !== false && isLocale(owner.language)) {
    const language = owner.language;
    return inLocale(language, () => ownerFeed(userId, owner.is_site_admin === 1, origin));
  }
  return ownerFeed(userId, owner.is_site_admin === 1, origin);
}

async function ownerFeed(userId: string, isSiteAdmin: boolean, origin: string): Promise<string> {
  const db = getDb();
  const coalitions = (await calendar.listMembershipCoalitions(db, userId)).filter((c) => {
    const roles = principalRoles({ signedIn: true, isSiteAdmin, membershipRole: c.role as CoalitionRole });
    return allows({ userId, roles }, "event:read", { coalition: coalitionState(c) });
  });
  const bySlug = new Map(coalitions.map((c) => [c.id, c]));
  const forum = (await calendar.listForumEvents(db)).map((row) => ({ row, link: forumLink(origin, row.id) }));
  const meetings = (await calendar.listCoalitionEvents(db, coalitions.map((c) => c.id))).map((row) => {
    const c = bySlug.get(row.coalition_id!)!;
    return { row, link: meetingLink(origin, c.slug, row.id), prefix: c.name };
  });
  return buildIcs(t("ics.name.personal"), [...forum, ...meetings]);
}

/** The response headers of every ICS feed. */
export const ICS_HEADERS = {
  "Content-Type": "text/calendar; charset=utf-8",
  "Cache-Control": "private, max-age=300",
  "X-Content-Type-Options": "nosniff",
};
