import { getDb } from "../../db/client";
import { now } from "../../db/ids";
import {
  countUnread,
  findNotification,
  insertNotification,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from "../../db/queries/notifications";
import type { Executor } from "../../db/queries/users";
import type { NotificationKind } from "../../db/schema";
import { format, t, type MessageId } from "../lib/i18n/messages";
import { emitDomainEvent } from "./events.server";
import { enqueueNotificationMail } from "./mail/notification-mail.server";

export type { NotificationKind };

/** The catalogue messages a notification can say (app/locales, `notifications.message.*`). */
export type NotificationMessageId = Extract<MessageId, `notifications.message.${string}` | `endorsements.notify.${string}`>;

/**
 * What a notification says, as a catalogue message and its values (names, titles, reasons, numbers:
 * never words to translate), so that each reader sees it in their language.
 */
export interface NotificationMessage {
  id: NotificationMessageId;
  values?: Record<string, string | number>;
}

export interface NotificationInput {
  kind: NotificationKind;
  /** One line, plain text once rendered (it is escaped when shown), e.g. "Ada Lovelace mentioned you in “Budget”". */
  message: NotificationMessage;
  /** A same-site path such as `/coalitions/privacy/threads/abc#post-12`. */
  link: string;
}

const TEXT_MAX = 500;

/**
 * A stored notification's line in the current language: its message when it has one this
 * version knows (values parsed back from JSON), else the English text it was stored with.
 */
export function notificationText(row: { text: string; message_id: string | null; message_values: string | null }, locale?: Parameters<typeof format>[0]): string {
  if (!row.message_id || !(row.message_id.startsWith("notifications.message.") || row.message_id.startsWith("endorsements.notify."))) return row.text;
  let values: Record<string, string | number> = {};
  try {
    const parsed: unknown = row.message_values ? JSON.parse(row.message_values) : {};
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) values = parsed as Record<string, string | number>;
  } catch {
    return row.text;
  }
  const id = row.message_id as NotificationMessageId;
  const text = locale ? format(locale, id, values) : t(id, values);
  // An id this version does not know comes back as itself: the stored English is better.
  return text === id ? row.text : text.slice(0, TEXT_MAX);
}

/** A same-site path only: a notification must never send anyone to another site. */
export function safeLink(link: string): string {
  return link.startsWith("/") && !link.startsWith("//") && !link.startsWith("/\\") ? link : "/notifications";
}

/**
 * Notifies a user (mention, reply, membership decision). Call it after your own transaction
 * commits, or pass the transaction as `db` to make the notification part of it. Emits a
 * `notification` domain event so open pages can update.
 */
export async function notify(userId: string, input: NotificationInput, db: Executor = getDb()): Promise<void> {
  const values = input.message.values ?? {};
  // The English text is kept with the message: older rows have only it, and search and exports read it.
  const text = format("en", input.message.id, values).slice(0, TEXT_MAX);
  const row = { text, message_id: input.message.id, message_values: JSON.stringify(values) };
  const write = async (trx: Executor) => {
    await insertNotification(trx, { user_id: userId, kind: input.kind, ...row, link: safeLink(input.link), created_at: now() });
    // Its mail, when the person wants it now, in their language: enqueued with the row, or neither (issue 22).
    await enqueueNotificationMail(trx, userId, { kind: input.kind, ...row, link: safeLink(input.link) });
  };
  await (db.isTransaction ? write(db) : db.transaction().execute(write));
  emitDomainEvent({ type: "notification", userId });
}

export interface NotificationView {
  id: number;
  kind: NotificationKind;
  text: string;
  link: string;
  read: boolean;
  createdAt: string;
}

function view(n: {
  id: number;
  kind: NotificationKind;
  text: string;
  message_id: string | null;
  message_values: string | null;
  link: string;
  read_at: string | null;
  created_at: string;
}): NotificationView {
  return { id: Number(n.id), kind: n.kind, text: notificationText(n), link: n.link, read: Boolean(n.read_at), createdAt: n.created_at };
}

/** What the header's menu shows: the unread count and the latest few. */
export async function headerNotifications(userId: string, limit = 6): Promise<{ unread: number; latest: NotificationView[] }> {
  const db = getDb();
  const [unread, latest] = await Promise.all([countUnread(db, userId), listNotifications(db, userId, limit)]);
  return { unread, latest: latest.map(view) };
}

/** A page of the user's notifications, newest first (`before`: an id, for older ones). */
export async function listUserNotifications(userId: string, before?: number, limit = 50) {
  const rows = await listNotifications(getDb(), userId, limit + 1, before);
  return { items: rows.slice(0, limit).map(view), older: rows.length > limit ? Number(rows[limit - 1].id) : null, unread: await countUnread(getDb(), userId) };
}

/** Marks one notification read and returns where it points, or null when it is not the user's. */
export async function openNotification(userId: string, id: number): Promise<string | null> {
  const row = await findNotification(getDb(), userId, id);
  if (!row) return null;
  await markNotificationRead(getDb(), userId, id, now());
  return safeLink(row.link);
}

export async function markAllRead(userId: string): Promise<void> {
  await markAllNotificationsRead(getDb(), userId, now());
}
