import { enqueue } from "../../../db/queries/jobs";
import { findCoalitionBySlug } from "../../../db/queries/coalitions";
import { findThreadById } from "../../../db/queries/threads";
import { findUserById, type Executor } from "../../../db/queries/users";
import type { NotificationKind } from "../../../db/schema";
import { type Locale, localeOrDefault } from "../../../common/locales";
import { format, type MessageId } from "../../lib/i18n/messages";
import { inLocale } from "../../lib/i18n/request-locale.server";
import { notificationText } from "../notifications.server";
import { composeCoalitionMail } from "./compose.server";
import { deliveryFor, type MailScope } from "./preferences.server";

// The mail twin of a bell notification (notify() in notifications.server.ts calls this in the
// same transaction as the notification's row). Mentions and replies follow the person's
// "mentions" / "replies" choice; membership news (a join request for coordinators, the decision on
// one's request, a role change) and moderation of one's posts follow the coalition's choice, but are never held for a digest:
// it is mailed at once unless that coalition's mail is off. A mention or reply for someone who
// chose a digest for them waits, unread, for their digest (digest.server.ts).

// Issue 21: the mail speaks the recipient's language (users.language, else English), whatever the
// language of the request that caused it.
const WHY: Record<NotificationKind, MessageId> = {
  mention: "notifications.mail.why.mention",
  reply: "notifications.mail.why.reply",
  membership: "notifications.mail.why.membership",
  moderation: "notifications.mail.why.moderation",
  endorsement: "endorsements.mail.why",
};

const ACTION: Record<NotificationKind, MessageId> = {
  mention: "notifications.mail.action.mention",
  reply: "notifications.mail.action.reply",
  membership: "notifications.mail.action.membership",
  moderation: "notifications.mail.action.moderation",
  endorsement: "endorsements.mail.action",
};

/** News about one's own standing (membership, moderation of one's posts) is never held for a digest. */
const MAILED_AT_ONCE = new Set<NotificationKind>(["membership", "moderation", "endorsement"]);

function scopeOf(kind: NotificationKind, coalitionId: string): MailScope {
  return kind === "mention" ? "mentions" : kind === "reply" ? "replies" : { coalitionId };
}

/** Enqueues the mail for a notification when the person wants it now. Returns whether one was enqueued. */
export async function enqueueNotificationMail(
  db: Executor,
  userId: string,
  n: { kind: NotificationKind; text: string; message_id: string | null; message_values: string | null; link: string },
): Promise<boolean> {
  const match = /^\/coalitions\/([^/?#]+)(?:\/threads\/([^/?#]+))?/.exec(n.link);
  if (!match) return false;
  const coalition = await findCoalitionBySlug(db, decodeURIComponent(match[1]));
  const user = await findUserById(db, userId);
  if (!coalition || !user) return false;
  const scope = scopeOf(n.kind, coalition.id);
  const { delivery } = await deliveryFor(db, userId, scope);
  if (delivery === "off" || (!MAILED_AT_ONCE.has(n.kind) && delivery !== "immediate")) return false;
  const thread = match[2] ? await findThreadById(db, match[2]) : undefined;
  const publicThread = thread && coalition.visibility === "public" && thread.audience === "public";
  const locale: Locale = localeOrDefault(user.language);
  // The whole mail (the templates' own words too) is written in the recipient's language.
  const mail = await inLocale(locale, () =>
    composeCoalitionMail(db, {
      to: { id: user.id, email: user.email, name: user.name },
      coalition,
      scope,
      content: { headline: notificationText(n, locale), path: n.link, actionLabel: format(locale, ACTION[n.kind]), why: format(locale, WHY[n.kind]) },
      publicPath: publicThread ? n.link.replace(/[?#].*$/, "") : null,
      thread: thread ? { id: thread.id, first: false } : undefined,
    }),
  );
  await enqueue(db, "mail:send", mail);
  return true;
}
