import { directionOf, LOCALE_TAGS, type Locale } from "../../../common/locales";
import { formatList } from "../i18n/format";
import { format, type MessageId } from "../i18n/messages";
import { escapeHtml, headerLine, safeUrl, type RenderedMail } from "./templates";

/**
 * The digest mail (issue 22): one mail covering every coalition whose news a person takes as a
 * daily or weekly digest. Plain values in, an HTML part and a text part out, in the recipient's
 * language (the HTML root carries its lang and dir). Every value from a person (names, titles) is
 * escaped in the HTML and isolated with dir="auto", so a Latin title reads right in an Arabic mail.
 */

export interface DigestThread {
  title: string;
  author: string | null;
  url: string;
  /** Replies to it in the same period. */
  replies: number;
}

export interface DigestReplies {
  title: string;
  count: number;
  authors: string[];
  /** The first reply not yet seen. */
  url: string;
}

export interface DigestOutput {
  title: string;
  number: number;
  label: string;
  publisher: string | null;
  url: string;
}

export interface DigestMeeting {
  title: string;
  /** The start, already written in the recipient's language and zone. */
  when: string;
  url: string;
}

/** A mention of the person, or a reply to one of their posts, that the bell has not shown them read. */
export interface DigestPersonal {
  kind: "mention" | "reply";
  author: string | null;
  title: string;
  coalition: string;
  url: string;
}

export interface DigestSection<T> {
  items: T[];
  /** How many more there were than listed. */
  more: number;
}

export interface DigestCoalition {
  name: string;
  url: string;
  threads: DigestSection<DigestThread>;
  replies: DigestSection<DigestReplies>;
  outputs: DigestSection<DigestOutput>;
  meetings: DigestSection<DigestMeeting>;
}

export interface DigestContent {
  locale: Locale;
  recipientName: string;
  /** Which choices this digest answers: every coalition daily, every one weekly, or some of each. */
  kind: "daily" | "weekly" | "mixed";
  /** The same, for the coalitions alone (their "why"), when mentions and replies differ; default: kind. */
  coalitionKind?: "daily" | "weekly" | "mixed";
  coalitions: DigestCoalition[];
  /** Mentions and replies to the person's posts, when they chose a digest for them. */
  personal?: DigestSection<DigestPersonal> | null;
  preferencesUrl: string;
  /** The notifications page (where the rest of a long personal section is). */
  notificationsUrl: string;
  unsubscribeUrl: string;
  /** One coalition alone: its name (the unsubscribe link stops its mail); otherwise null (it stops every digest). */
  unsubscribeCoalition: string | null;
}

/** How many items a digest lists (threads, reply groups, outputs, meetings). */
export function countItems(coalitions: readonly DigestCoalition[], personal?: DigestSection<DigestPersonal> | null): number {
  const n = (s: DigestSection<unknown>) => s.items.length + s.more;
  return coalitions.reduce((sum, c) => sum + n(c.threads) + n(c.replies) + n(c.outputs) + n(c.meetings), personal ? n(personal) : 0);
}

type Values = Record<string, string | number>;

interface Line {
  id: MessageId;
  values: Values;
  url: string;
}

interface Section {
  heading: MessageId;
  lines: Line[];
  more: number;
}

function sectionsOf(x: DigestCoalition, someone: string, list: (items: string[]) => string): Section[] {
  const all: Section[] = [
    {
      heading: "digest.section.threads",
      lines: x.threads.items.map((t) => ({
        id: t.replies ? "digest.thread.withReplies" : "digest.thread",
        values: { title: t.title, author: t.author ?? someone, count: t.replies },
        url: t.url,
      })),
      more: x.threads.more,
    },
    {
      heading: "digest.section.replies",
      lines: x.replies.items.map((r) => ({
        id: "digest.replies",
        values: { count: r.count, title: r.title, authors: list(r.authors.length ? r.authors : [someone]) },
        url: r.url,
      })),
      more: x.replies.more,
    },
    {
      heading: "digest.section.outputs",
      lines: x.outputs.items.map((o) => ({
        id: "digest.output",
        values: { title: o.title, number: o.number, label: o.label, publisher: o.publisher ?? someone },
        url: o.url,
      })),
      more: x.outputs.more,
    },
    {
      heading: "digest.section.meetings",
      lines: x.meetings.items.map((m) => ({ id: "digest.meeting", values: { title: m.title, when: m.when }, url: m.url })),
      more: x.meetings.more,
    },
  ];
  return all.filter((s) => s.lines.length || s.more);
}

export function renderDigest(c: DigestContent): RenderedMail {
  const f = (id: MessageId, values?: Values) => format(c.locale, id, values);
  const list = (items: string[]) => formatList(items, "conjunction", c.locale);
  const someone = f("digest.formerMember");
  const count = countItems(c.coalitions, c.personal);
  const personal = c.personal && (c.personal.items.length || c.personal.more) ? c.personal : null;
  const personalLines: Line[] = (personal?.items ?? []).map((p) => ({
    id: p.kind === "mention" ? "digest.mention" : "digest.reply",
    values: { author: p.author ?? someone, title: p.title, coalition: p.coalition },
    url: p.url,
  }));
  const subject = headerLine(f(c.kind === "daily" ? "digest.subject.daily" : c.kind === "weekly" ? "digest.subject.weekly" : "digest.subject.mixed", { count }));
  const ck = c.coalitionKind ?? c.kind;
  const whyId: MessageId = ck === "daily" ? "digest.why.daily" : ck === "weekly" ? "digest.why.weekly" : "digest.why.mixed";
  const whyValues = { coalitions: list(c.coalitions.map((x) => x.name)) };
  // Why: the coalitions' choice, then (or only) the choice for mentions and replies.
  const whys: Array<[MessageId, Values]> = [
    ...(c.coalitions.length ? [[whyId, whyValues] as [MessageId, Values]] : []),
    ...(personal ? [[c.coalitions.length ? "digest.why.personalAlso" : "digest.why.personalOnly", {}] as [MessageId, Values]] : []),
  ];
  // "Label: URL" in the text part, with the language's own punctuation.
  const labelled = (label: string, url: string) => f("digest.labelledLink", { label, url: safeUrl(url) });
  const unsubscribe = c.unsubscribeCoalition ? f("digest.unsubscribe.coalition", { coalition: c.unsubscribeCoalition }) : f("digest.unsubscribe.all");

  const text = [
    f("digest.greeting", { name: c.recipientName }),
    "",
    f("digest.intro"),
    ...(personal
      ? [
          "",
          "",
          `== ${f("digest.section.personal")} ==`,
          "",
          ...personalLines.flatMap((l) => [`- ${f(l.id, l.values)}`, `  ${safeUrl(l.url)}`]),
          ...(personal.more ? [`- ${labelled(f("digest.morePersonal", { count: personal.more }), c.notificationsUrl)}`] : []),
        ]
      : []),
    ...c.coalitions.flatMap((x) => [
      "",
      "",
      `== ${x.name} ==`,
      ...sectionsOf(x, someone, list).flatMap((s) => [
        "",
        f(s.heading),
        ...s.lines.flatMap((l) => [`- ${f(l.id, l.values)}`, `  ${safeUrl(l.url)}`]),
        ...(s.more ? [`- ${labelled(f("digest.more", { count: s.more }), x.url)}`] : []),
      ]),
    ]),
    "",
    "-- ",
    whys.map(([id, values]) => f(id, values)).join(" "),
    labelled(f("digest.preferences"), c.preferencesUrl),
    labelled(unsubscribe, c.unsubscribeUrl),
    "",
  ].join("\n");

  const dir = directionOf(c.locale);
  const link = (url: string, label: string, style = "color:#1d4ed8") => `<a href="${escapeHtml(safeUrl(url))}" style="${style}">${label}</a>`;
  // A person's words (a title, a name) inside a translated sentence keep their own direction:
  // the sentence is translated with markers in their place, escaped, then they go in isolated.
  const isolate = (s: string) => `<bdi dir="auto">${escapeHtml(s)}</bdi>`;
  const fHtml = (id: MessageId, values: Values = {}) => {
    const marked = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? `\u0000${k}\u0000` : v]));
    return escapeHtml(f(id, marked)).replace(/\u0000(\w+)\u0000/g, (_, k: string) => isolate(String(values[k])));
  };
  const small = 'style="color:#64748b;font-size:13px;line-height:1.5;margin:4px 0"';
  const coalitionHtml = (x: DigestCoalition) => [
    `<h2 style="font-size:18px;margin:24px 0 4px">${link(x.url, isolate(x.name), "color:#0f172a;text-decoration:none")}</h2>`,
    ...sectionsOf(x, someone, list).flatMap((s) => [
      `<h3 style="font-size:15px;margin:16px 0 8px">${escapeHtml(f(s.heading))}</h3>`,
      '<ul style="margin:0;padding-inline-start:20px">',
      ...s.lines.map((l) => `<li style="margin:0 0 8px">${link(l.url, fHtml(l.id, l.values))}</li>`),
      ...(s.more ? [`<li style="margin:0 0 8px">${link(x.url, escapeHtml(f("digest.more", { count: s.more })))}</li>`] : []),
      "</ul>",
    ]),
  ];

  const html = [
    "<!doctype html>",
    `<html lang="${LOCALE_TAGS[c.locale]}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>`,
    `<body dir="${dir}" style="margin:0;padding:24px;background:#f8fafc;font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#0f172a">`,
    `<div dir="${dir}" style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #e2e8f0;border-radius:8px;padding:24px;text-align:start">`,
    `<p style="margin:0 0 12px">${fHtml("digest.greeting", { name: c.recipientName })}</p>`,
    `<p style="margin:0 0 12px">${escapeHtml(f("digest.intro"))}</p>`,
    ...(personal
      ? [
          `<h2 style="font-size:18px;margin:24px 0 4px">${escapeHtml(f("digest.section.personal"))}</h2>`,
          '<ul style="margin:0;padding-inline-start:20px">',
          ...personalLines.map((l) => `<li style="margin:0 0 8px">${link(l.url, fHtml(l.id, l.values))}</li>`),
          ...(personal.more ? [`<li style="margin:0 0 8px">${link(c.notificationsUrl, escapeHtml(f("digest.morePersonal", { count: personal.more })))}</li>`] : []),
          "</ul>",
        ]
      : []),
    ...c.coalitions.flatMap(coalitionHtml),
    '<hr style="border:none;border-top:1px solid #e2e8f0;margin:20px 0">',
    `<p ${small}>${whys.map(([id, values]) => fHtml(id, values)).join(" ")}</p>`,
    `<p ${small}>${link(c.preferencesUrl, escapeHtml(f("digest.preferences")), "color:#475569")}</p>`,
    `<p ${small}>${link(c.unsubscribeUrl, escapeHtml(unsubscribe), "color:#475569")}</p>`,
    `<p ${small}>${escapeHtml(f("digest.footer"))}</p>`,
    "</div></body></html>",
  ].join("\n");

  return { subject, text, html };
}
