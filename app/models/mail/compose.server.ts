import { randomBytes } from "node:crypto";
import type { MailPayload } from "../../../common/job-kinds";
import { type Locale, localeOrDefault } from "../../../common/locales";
import type { Executor } from "../../../db/queries/users";
import { headerLine, renderMail, type MailContent } from "../../lib/mail/templates";
import { listId, mailDomain, mailOrigin, threadMessageId } from "./addresses.server";
import type { MailScope } from "./preferences.server";
import { getConfig } from "../../lib/config.server";
import { replyAddress } from "./reply-address.server";
import { unsubscribeUrl } from "./unsubscribe.server";

export interface CoalitionMailInput {
  to: { id: string; email: string; name: string };
  coalition: { id: string; slug: string; name: string };
  /** What the recipient unsubscribes from with this mail's List-Unsubscribe. */
  scope: MailScope;
  /** The language to write in; by default the recipient's (recipientLocale). Write `content` in the same. */
  locale?: Locale;
  content: Omit<MailContent, "locale" | "recipientName" | "coalitionName" | "unsubscribeUrl" | "preferencesUrl" | "actionUrl"> & { path: string };
  /** The item's URL when anyone may read it (a public coalition's public thread or output). */
  publicPath?: string | null;
  /** Thread mail: the thread's id (its first mail's Message-ID is what the others refer to). */
  thread?: { id: string; first: boolean };
}

/** The language a person's mail is written in: their profile's (users.language), else English. */
export async function recipientLocale(db: Executor, userId: string): Promise<Locale> {
  const row = await db.selectFrom("users").select("language").where("id", "=", userId).executeTakeFirst();
  return localeOrDefault(row?.language);
}

/**
 * The list headers every coalition mail (and every digest) carries: List-Id, one-click
 * List-Unsubscribe (RFC 8058) to `unsubscribe`, List-Archive at `archivePath`.
 */
export function listHeaders(list: { slug: string; name: string }, archivePath: string, unsubscribe: string): Record<string, string> {
  return {
    "List-Id": headerLine(listId(list), 250),
    "List-Unsubscribe": `<${unsubscribe}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "List-Archive": `<${mailOrigin()}${archivePath}>`,
    "Auto-Submitted": "auto-generated",
  };
}

/**
 * A coalition mail, rendered and with its list headers: List-Id, one-click List-Unsubscribe
 * (RFC 8058), List-Archive, Archived-At when public, and Message-ID / In-Reply-To / References
 * for a thread's mail so mail clients thread it as the site does.
 */
export async function composeCoalitionMail(db: Executor, input: CoalitionMailInput): Promise<MailPayload> {
  const origin = mailOrigin();
  const unsubscribe = await unsubscribeUrl(db, input.to.id, input.scope);
  const { path, ...content } = input.content;
  const rendered = renderMail({
    ...content,
    locale: input.locale ?? (await recipientLocale(db, input.to.id)),
    recipientName: input.to.name,
    coalitionName: input.coalition.name,
    actionUrl: `${origin}${path}`,
    preferencesUrl: `${origin}/settings/notifications`,
    unsubscribeUrl: unsubscribe,
  });
  const headers = listHeaders(input.coalition, `/coalitions/${input.coalition.slug}/threads`, unsubscribe);
  if (input.publicPath) headers["Archived-At"] = `<${origin}${input.publicPath}>`;
  let messageId = `${randomBytes(12).toString("hex")}@${mailDomain()}`;
  if (input.thread) {
    // With mail in (MAIL_INBOUND_PORT), answering the mail posts a reply as its recipient.
    if (getConfig().MAIL_INBOUND_PORT !== undefined) headers["Reply-To"] = await replyAddress(db, input.to.id, input.thread.id);
    const root = threadMessageId(input.thread.id);
    if (input.thread.first) messageId = root;
    else {
      headers["In-Reply-To"] = `<${root}>`;
      headers["References"] = `<${root}>`;
    }
  }
  return { to: input.to.email, subject: rendered.subject, text: rendered.text, html: rendered.html, headers, messageId };
}
