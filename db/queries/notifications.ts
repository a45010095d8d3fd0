import type { Notification, NotificationKind } from "../schema";
import type { Executor } from "./users";

export async function insertNotification(
  db: Executor,
  row: { user_id: string; kind: NotificationKind; text: string; message_id: string | null; message_values: string | null; link: string; created_at: string },
): Promise<void> {
  await db.insertInto("notifications").values({ ...row, read_at: null }).execute();
}

/** A user's notifications, newest first. */
export function listNotifications(db: Executor, userId: string, limit: number, beforeId?: number): Promise<Notification[]> {
  let q = db.selectFrom("notifications").selectAll().where("user_id", "=", userId);
  if (beforeId) q = q.where("id", "<", beforeId);
  return q.orderBy("id", "desc").limit(limit).execute();
}

export async function countUnread(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findNotification(db: Executor, userId: string, id: number): Promise<Notification | undefined> {
  return db.selectFrom("notifications").selectAll().where("user_id", "=", userId).where("id", "=", id).executeTakeFirst();
}

export async function markNotificationRead(db: Executor, userId: string, id: number, at: string): Promise<void> {
  await db.updateTable("notifications").set({ read_at: at }).where("user_id", "=", userId).where("id", "=", id).where("read_at", "is", null).execute();
}

export async function markAllNotificationsRead(db: Executor, userId: string, at: string): Promise<void> {
  await db.updateTable("notifications").set({ read_at: at }).where("user_id", "=", userId).where("read_at", "is", null).execute();
}
