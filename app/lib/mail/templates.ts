/**
 * Mail templates: plain functions from plain values to an HTML part and a text part. Every value
 * that comes from a person (names, titles, excerpts) is escaped in the HTML part; links are only
 * http(s). No remote images, fonts or styles: inline styles only, readable without them.
 *
 * A mail is written in its recipient's language (issue 21): `locale` names it (users.language ??
 * "en"); the HTML part declares it (`lang`, and `dir="rtl"` for Arabic). The caller writes the
 * headline, action and "why" lines in the same language (format(locale, …) or inLocale).
 */
import { directionOf, LOCALE_TAGS, type Locale } from "../../../common/locales";
import { format } from "../i18n/messages";

export interface MailContent {
  /** The language the mail is written in (the recipient's). */
  locale: Locale;
  /** The recipient's name, for the greeting ("Hello," alone when unknown: an invitation to an address). */
  recipientName: string | null;
  /** The subject, when it is not the headline. */
  subject?: string;
  /** One line: what happened ("Ada Lovelace mentioned you in “Budget”"). Also the subject. */
  headline: string;
  /** The coalition the mail is about (its name is the subject's prefix), if any. */
  coalitionName?: string | null;
  /** Optional longer text (plain; paragraphs separated by blank lines). */
  excerpt?: string | null;
  /** The link to the item and its button text. */
  actionUrl: string;
  actionLabel: string;
  /** One line: why this person got this mail. */
  why: string;
  /** Where to change what mail arrives (absolute). */
  preferencesUrl?: string;
  /** One-click unsubscribe page (absolute), when the mail belongs to a list. */
  unsubscribeUrl?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** One line for a header: no control characters (no header injection), at most `max` characters. */
export function headerLine(value: string, max = 200): string {
  const line = value.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** An http(s) URL as it may appear in an href, or "#" for anything else. */
export function safeUrl(url: string): string {
  return /^https?:\/\//i.test(url) ? url : "#";
}

function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** The template's own words, in the mail's language. */
export function mailStrings(locale: Locale) {
  return {
    greeting: (name: string | null) => (name ? format(locale, "mail.greeting", { name }) : format(locale, "mail.greetingNoName")),
    preferences: format(locale, "mail.preferences"),
    unsubscribe: format(locale, "mail.unsubscribe"),
    footer: format(locale, "site.name"),
    /** "Label: https://…" in the text part, with the language's own colon. */
    link: (label: string, url: string) => format(locale, "mail.textLink", { label, url }),
  };
}

export function renderMail(c: MailContent): RenderedMail {
  const strings = mailStrings(c.locale);
  const headline = c.subject ?? c.headline;
  const subject = headerLine(c.coalitionName ? `[${c.coalitionName}] ${headline}` : headline);
  const body = c.excerpt ? paragraphs(c.excerpt) : [];
  const action = safeUrl(c.actionUrl);

  const text = [
    strings.greeting(c.recipientName),
    "",
    c.headline,
    ...body.flatMap((p) => ["", p]),
    "",
    strings.link(c.actionLabel, action),
    "",
    "-- ",
    c.why,
    ...(c.preferencesUrl ? [strings.link(strings.preferences, safeUrl(c.preferencesUrl))] : []),
    ...(c.unsubscribeUrl ? [strings.link(strings.unsubscribe, safeUrl(c.unsubscribeUrl))] : []),
    "",
  ].join("\n");

  const dir = directionOf(c.locale);
  const small = 'style="color:#64748b;font-size:13px;line-height:1.5;margin:4px 0"';
  const html = [
    "<!doctype html>",
    `<html lang="${LOCALE_TAGS[c.locale]}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>`,
    `<body dir="${dir}" style="margin:0;padding:24px;background:#f8fafc;font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#0f172a">`,
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #e2e8f0;border-radius:8px;padding:24px">',
    `<p style="margin:0 0 12px">${escapeHtml(strings.greeting(c.recipientName))}</p>`,
    `<p style="margin:0 0 12px;font-weight:600">${escapeHtml(c.headline)}</p>`,
    ...body.map((p) => `<p dir="auto" style="margin:0 0 12px;white-space:pre-wrap">${escapeHtml(p)}</p>`),
    `<p style="margin:20px 0"><a href="${escapeHtml(action)}" style="background:#1d4ed8;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(c.actionLabel)}</a></p>`,
    '<hr style="border:none;border-top:1px solid #e2e8f0;margin:20px 0">',
    `<p ${small}>${escapeHtml(c.why)}</p>`,
    c.preferencesUrl ? `<p ${small}><a href="${escapeHtml(safeUrl(c.preferencesUrl))}" style="color:#475569">${escapeHtml(strings.preferences)}</a></p>` : "",
    c.unsubscribeUrl ? `<p ${small}><a href="${escapeHtml(safeUrl(c.unsubscribeUrl))}" style="color:#475569">${escapeHtml(strings.unsubscribe)}</a></p>` : "",
    `<p ${small}>${escapeHtml(strings.footer)}</p>`,
    "</div></body></html>",
  ]
    .filter(Boolean)
    .join("\n");

  return { subject, text, html };
}
