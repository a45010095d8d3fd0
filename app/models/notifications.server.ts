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
import { emitDomainEvent } from "./events.server";
import { enqueueNotificationMail } from "./mail/notification-mail.server";

export type { NotificationKind };

export interface NotificationInput {
  kind: NotificationKind;
  /** One line, plain text (it is escaped when shown), e.g. "Ada Lovelace mentioned you in “Budget”". */
  text: string;
  /** A same-site path such as `/coalitions/privacy/threads/abc#post-12`. */
  link: string;
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
  const write = async (trx: Executor) => {
    await insertNotification(trx, {
      user_id: userId,
      kind: input.kind,
      text: input.text.slice(0, 500),
      link: safeLink(input.link),
      created_at: now(),
    });
    // Its mail, when the person wants it now: enqueued with the row, or neither (issue 22).
    await enqueueNotificationMail(trx, userId, { kind: input.kind, text: input.text.slice(0, 500), link: safeLink(input.link) });
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

function view(n: { id: number; kind: NotificationKind; text: string; link: string; read_at: string | null; created_at: string }): NotificationView {
  return { id: Number(n.id), kind: n.kind, text: n.text, link: n.link, read: Boolean(n.read_at), createdAt: n.created_at };
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
