import type { RequestUser } from "../../load-context";
import { directionOf, type Locale, localeOrDefault } from "../../../common/locales";
import { getDb } from "../../../db/client";
import { now } from "../../../db/ids";
import { findCoalitionById, findCoalitionBySlug } from "../../../db/queries/coalitions";
import { findInboundOutcome, recordInboundOutcome } from "../../../db/queries/inbound-mail";
import { enqueue } from "../../../db/queries/jobs";
import { findThreadById } from "../../../db/queries/threads";
import { findUserByEmail, findUserById } from "../../../db/queries/users";
import type { Coalition, User } from "../../../db/schema";
import { format, type MessageId, type MessageValues } from "../../lib/i18n/messages";
import { inLocale } from "../../lib/i18n/request-locale.server";
import { replyText } from "../../lib/mail/reply-text";
import { escapeHtml } from "../../lib/mail/templates";
import { POSTS_PER_PAGE } from "../../lib/thread-validation";
import { SLUG_RE } from "../../lib/validation";
import { accessFor } from "../access.server";
import { createPost } from "../posts.server";
import { createThread } from "../threads.server";
import { mailDomain, mailOrigin } from "./addresses.server";
import { holdMail } from "./held-mail.server";
import { readReplyLocalPart } from "./reply-address.server";

/**
 * Mail in (issue 22). The SMTP receiver (server/mail-inbound.ts) hands each accepted message
 * here, once per recipient on MAIL_DOMAIN:
 * - reply+<key>@…: a reply in the key's thread, posted as the key's person (the key is the proof;
 *   the From must also be that person's address, so a forwarded mail does not post as them);
 * - <coalition-slug>@…: a new thread, by the member whose address is in From — only when the
 *   site's MTA vouches for the From (an Authentication-Results header with dmarc, dkim or spf pass);
 *   from a signed-up non-member, held for a coordinator where the coalition allows it (held-mail.server.ts).
 * Both go through the same models as the web (permissions, validation, sanitising, mentions,
 * notifications, live updates). The text is the new part of the mail only (app/lib/mail/reply-text.ts).
 * Auto-replies and bounces are dropped silently; anything else refused is answered by mail, with
 * the reason, in the person's language, and never posted. Each (Message-ID, recipient) is handled
 * once, however often the MTA delivers it.
 */
export interface InboundMail {
  /** The SMTP envelope's sender ("" for a bounce). */
  envelopeFrom: string;
  /** The From header's address, lower-cased. */
  from: string | null;
  subject: string;
  /** The plain-text body (mailparser's, from the HTML part when there is no text part). */
  text: string;
  attachments: number;
  messageId: string;
  /** Header values by lower-case name (first occurrence). */
  headers: Record<string, string>;
}

export type InboundOutcome =
  | { kind: "posted"; threadId: string; number: number }
  | { kind: "thread"; threadId: string }
  | { kind: "held"; heldId: string }
  | { kind: "refused"; reason: string; answeredTo: string | null }
  | { kind: "dropped"; why: string }
  | { kind: "duplicate" };

/** Whether a local part could be ours at all (checked at RCPT, before the message is read). */
export function isOurLocalPart(localPart: string): boolean {
  const lp = localPart.toLowerCase();
  return /^reply\+[a-z0-9-]+$/.test(lp) || (SLUG_RE.test(lp) && lp.length <= 64);
}

/**
 * Whether mail to this local part is taken at all (asked at RCPT, before the message is read): a
 * reply address whose key is ours, or the address of an existing coalition. Anything else gets
 * 550, which the sender's MTA reports to the sender.
 */
export async function acceptsRecipient(localPart: string): Promise<boolean> {
  const lp = localPart.toLowerCase();
  if (!isOurLocalPart(lp)) return false;
  if (lp.startsWith("reply+")) return (await readReplyLocalPart(getDb(), lp)) !== null;
  return (await findCoalitionBySlug(getDb(), lp)) !== undefined;
}

/** Mail a machine sent (auto-replies, vacation notices, bulk): never posted, never answered. */
export function isAutomatic(mail: Pick<InboundMail, "envelopeFrom" | "headers">): string | null {
  const h = mail.headers;
  if (!mail.envelopeFrom) return "bounce (empty envelope sender)";
  const auto = h["auto-submitted"]?.trim().toLowerCase();
  if (auto && auto !== "no") return `Auto-Submitted: ${auto}`;
  const precedence = h["precedence"]?.trim().toLowerCase();
  if (precedence && ["bulk", "junk", "list", "auto_reply"].includes(precedence)) return `Precedence: ${precedence}`;
  if (h["x-autoreply"] || h["x-autorespond"] || h["x-auto-response-suppress"]?.toLowerCase().includes("all")) return "auto-reply header";
  return null;
}

/** Whether the MTA in front vouched for the From address's domain (RFC 8601 Authentication-Results). */
export function senderAuthenticated(headers: Record<string, string>, from: string): boolean {
  const results = headers["authentication-results"];
  if (!results) return false;
  const domain = from.split("@")[1]?.toLowerCase();
  if (!domain) return false;
  const lower = results.toLowerCase();
  if (/\bdmarc=pass\b/.test(lower)) return true;
  const dkim = /\bdkim=pass\b[^;]*header\.d=([a-z0-9.-]+)/.exec(lower);
  if (dkim && (dkim[1] === domain || domain.endsWith(`.${dkim[1]}`))) return true;
  const spf = /\bspf=pass\b[^;]*smtp\.mailfrom=(?:[^;@\s]*@)?([a-z0-9.-]+)/.exec(lower);
  return Boolean(spf && spf[1] === domain);
}

const requestUser = (u: User): RequestUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  organization: u.organization,
  stakeholder_group: u.stakeholder_group,
  region: u.region,
  language: u.language ?? null,
  isSiteAdmin: u.is_site_admin === 1,
});
const localeOf = (u: Pick<User, "language"> | undefined): Locale => localeOrDefault(u?.language);

/** Handles one received mail for one recipient address (already known to be on MAIL_DOMAIN). */
export async function receiveMail(mail: InboundMail, recipient: string): Promise<InboundOutcome> {
  const db = getDb();
  const rcpt = recipient.toLowerCase();
  if (await findInboundOutcome(db, mail.messageId, rcpt)) return { kind: "duplicate" };
  const outcome = await handle(mail, rcpt);
  await recordInboundOutcome(db, { message_id: mail.messageId, recipient: rcpt, outcome: outcome.kind === "refused" ? `refused: ${outcome.reason}` : outcome.kind, created_at: now() });
  return outcome;
}

async function handle(mail: InboundMail, rcpt: string): Promise<InboundOutcome> {
  const automatic = isAutomatic(mail);
  if (automatic) return { kind: "dropped", why: automatic };
  const localPart = rcpt.split("@")[0] ?? "";
  return localPart.startsWith("reply+") ? handleReply(mail, localPart) : handleNewThread(mail, localPart);
}

async function handleReply(mail: InboundMail, localPart: string): Promise<InboundOutcome> {
  const db = getDb();
  const key = await readReplyLocalPart(db, localPart);
  if (!key) return { kind: "dropped", why: "reply address with no valid key" };
  const user = await findUserById(db, key.userId);
  if (!user) return { kind: "dropped", why: "reply key of a deleted account" };
  // Refusals from the models (locked thread, too long…) come in the person's language.
  return inLocale(localeOf(user), () => replyAs(mail, user, key.threadId));
}

async function replyAs(mail: InboundMail, user: User, threadId: string): Promise<InboundOutcome> {
  const db = getDb();
  const refuse = (id: MessageId, values?: MessageValues) => refusal(mail, user, id, values);
  if (mail.from !== user.email.toLowerCase()) return refuse("inbound.refused.otherAddress", { address: user.email });
  const thread = await findThreadById(db, threadId);
  const coalition = thread ? await findCoalitionById(db, thread.coalition_id) : undefined;
  if (!thread || !coalition) return refuse("inbound.refused.threadGone");
  if (mail.attachments > 0) return refuse("inbound.refused.attachment");
  const body = replyText(mail.text);
  if (!body) return refuse("inbound.refused.empty");
  const access = await accessFor(coalition, requestUser(user));
  const result = await createPost(access, thread, { body, replyTo: null }, POSTS_PER_PAGE);
  if (!result.ok) return refusal(mail, user, "inbound.refused.because", { reason: result.message });
  return { kind: "posted", threadId: thread.id, number: result.number };
}

async function handleNewThread(mail: InboundMail, slug: string): Promise<InboundOutcome> {
  const db = getDb();
  const coalition = await findCoalitionBySlug(db, slug);
  if (!coalition) return { kind: "dropped", why: "no coalition at this address" };
  if (!mail.from) return { kind: "dropped", why: "no From address" };
  // Only a From the MTA vouched for is believed (or answered: answering forged senders is backscatter).
  if (!senderAuthenticated(mail.headers, mail.from)) return { kind: "dropped", why: "From not authenticated by the MTA" };
  const user = await findUserByEmail(db, mail.from);
  // An address never verified counts as no account (its owner has not proven it yet).
  if (!user || !user.email_verified_at) return refusal(mail, undefined, "inbound.refused.noAccount", { coalition: coalition.name, origin: mailOrigin() });
  return inLocale(localeOf(user), () => startAs(mail, user, coalition));
}

async function startAs(mail: InboundMail, user: User, coalition: Coalition): Promise<InboundOutcome> {
  const refuse = (id: MessageId, values?: MessageValues) => refusal(mail, user, id, values);
  if (mail.attachments > 0) return refuse("inbound.refused.attachment");
  const body = replyText(mail.text);
  if (!body) return refuse("inbound.refused.empty");
  const title = mail.subject.replace(/\s+/g, " ").trim().slice(0, 200);
  if (!title) return refuse("inbound.refused.noSubject");
  const access = await accessFor(coalition, requestUser(user));
  // A non-member's mail, where the coalition accepts it, waits for a coordinator (held-mail.server.ts).
  if (!access.membershipRole && coalition.outside_mail === 1 && !coalition.archived_at) {
    return { kind: "held", heldId: await holdMail({ sender: user, coalition, messageId: mail.messageId, subject: title, body }) };
  }
  const result = await createThread(access, { title, body, documentId: null, audience: null });
  if (!result.ok) return refuse("inbound.refused.because", { reason: result.message });
  return { kind: "thread", threadId: result.threadId };
}

/** Answers the person (their account's address, in their language) with why nothing was posted. */
async function refusal(mail: InboundMail, user: User | undefined, id: MessageId, values: MessageValues = {}): Promise<InboundOutcome> {
  const locale = localeOf(user);
  const reason = format(locale, id, values);
  const to = user?.email ?? mail.from;
  if (!to) return { kind: "refused", reason, answeredTo: null };
  const subject = format(locale, "inbound.answer.subject", { subject: mail.subject || "—" });
  const text = [format(locale, "inbound.answer.greeting", { name: user?.name ?? to }), "", format(locale, "inbound.answer.notPosted"), "", reason, "", `— ${format(locale, "site.name")} (${mailOrigin()})`].join("\n");
  const html = `<!doctype html><html lang="${locale}" dir="${directionOf(locale)}"><body>${text
    .split("\n\n")
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
    .join("")}</body></html>`;
  const headers: Record<string, string> = { "Auto-Submitted": "auto-replied" };
  if (mail.messageId) {
    headers["In-Reply-To"] = `<${mail.messageId}>`;
    headers["References"] = `<${mail.messageId}>`;
  }
  await enqueue(getDb(), "mail:send", { to, subject, text, html, headers, messageId: `refusal-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}@${mailDomain()}` }, { key: `inbound-refusal:${mail.messageId}:${to}` });
  return { kind: "refused", reason, answeredTo: to };
}
