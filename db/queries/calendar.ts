import type { Insertable, Updateable } from "kysely";
import type { CalendarEvent, CalendarEventTable } from "../schema";
import type { Executor } from "./users";

// The calendar's rows (migration 0018). Forum events have `coalition_id` null; meetings belong
// to a coalition. Callers decide who may see which coalition's events; these take plain ids.

export async function insertCalendarEvent(db: Executor, row: Insertable<CalendarEventTable>): Promise<void> {
  await db.insertInto("calendar_events").values(row).execute();
}

/** Applies a change and raises SEQUENCE by one (RFC 5545: every revision gets a higher number). */
export async function updateCalendarEvent(db: Executor, id: string, patch: Updateable<CalendarEventTable>): Promise<void> {
  await db
    .updateTable("calendar_events")
    .set((eb) => ({ ...patch, sequence: eb("sequence", "+", 1) }))
    .where("id", "=", id)
    .execute();
}

export async function deleteCalendarEvent(db: Executor, id: string): Promise<void> {
  await db.deleteFrom("calendar_events").where("id", "=", id).execute();
}

export function findForumEvent(db: Executor, id: string): Promise<CalendarEvent | undefined> {
  return db.selectFrom("calendar_events").selectAll().where("id", "=", id).where("coalition_id", "is", null).executeTakeFirst();
}

export function findCoalitionEvent(db: Executor, coalitionId: string, id: string): Promise<CalendarEvent | undefined> {
  return db.selectFrom("calendar_events").selectAll().where("id", "=", id).where("coalition_id", "=", coalitionId).executeTakeFirst();
}

/** The forum's events, earliest first. */
export function listForumEvents(db: Executor): Promise<CalendarEvent[]> {
  return db.selectFrom("calendar_events").selectAll().where("coalition_id", "is", null).orderBy("starts_at").orderBy("id").execute();
}

/** These coalitions' events, earliest first (an empty list asks for none). */
export async function listCoalitionEvents(db: Executor, coalitionIds: readonly string[]): Promise<CalendarEvent[]> {
  if (coalitionIds.length === 0) return [];
  return db.selectFrom("calendar_events").selectAll().where("coalition_id", "in", coalitionIds).orderBy("starts_at").orderBy("id").execute();
}

export async function countExampleEvents(db: Executor): Promise<number> {
  const row = await db.selectFrom("calendar_events").select((eb) => eb.fn.countAll<number>().as("n")).where("is_example", "=", 1).executeTakeFirstOrThrow();
  return Number(row.n);
}

// Attendance.

export async function listAttendance(db: Executor, eventId: string): Promise<string[]> {
  const rows = await db.selectFrom("event_attendance").select("user_id").where("event_id", "=", eventId).execute();
  return rows.map((r) => r.user_id);
}

/** Replaces the event's attendance with exactly these people. */
export async function replaceAttendance(db: Executor, eventId: string, userIds: readonly string[], by: string, at: string): Promise<void> {
  await db.deleteFrom("event_attendance").where("event_id", "=", eventId).execute();
  if (userIds.length === 0) return;
  await db
    .insertInto("event_attendance")
    .values(userIds.map((user_id) => ({ event_id: eventId, user_id, recorded_by: by, recorded_at: at })))
    .execute();
}

// Personal feed tokens.

export async function findFeedOwner(db: Executor, tokenHash: string): Promise<string | undefined> {
  const row = await db.selectFrom("calendar_feed_tokens").select("user_id").where("token_hash", "=", tokenHash).executeTakeFirst();
  return row?.user_id;
}

export async function hasFeedToken(db: Executor, userId: string): Promise<boolean> {
  return Boolean(await db.selectFrom("calendar_feed_tokens").select("user_id").where("user_id", "=", userId).executeTakeFirst());
}

/** Sets (or replaces) the person's one token. */
export async function setFeedToken(db: Executor, userId: string, tokenHash: string, at: string): Promise<void> {
  await db.deleteFrom("calendar_feed_tokens").where("user_id", "=", userId).execute();
  await db.insertInto("calendar_feed_tokens").values({ user_id: userId, token_hash: tokenHash, created_at: at }).execute();
}

/** The coalitions a person belongs to (any role), with their visibility and archived state. */
export function listMembershipCoalitions(db: Executor, userId: string) {
  return db
    .selectFrom("memberships")
    .innerJoin("coalitions", "coalitions.id", "memberships.coalition_id")
    .select(["coalitions.id", "coalitions.slug", "coalitions.name", "coalitions.visibility", "coalitions.archived_at", "memberships.role"])
    .where("memberships.user_id", "=", userId)
    .execute();
}

export async function setUserTimeZone(db: Executor, userId: string, timeZone: string | null, at: string): Promise<void> {
  await db.updateTable("users").set({ time_zone: timeZone, updated_at: at }).where("id", "=", userId).execute();
}

export async function findUserTimeZone(db: Executor, userId: string): Promise<string | null> {
  const row = await db.selectFrom("users").select("time_zone").where("id", "=", userId).executeTakeFirst();
  return row?.time_zone ?? null;
}

/** Every coordinator of a coalition that is not archived, with the coalition: who deadline reminders go to. */
export function listActiveCoordinators(db: Executor) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("coalitions as c", "c.id", "m.coalition_id")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id as user_id", "u.email", "u.name", "u.language", "c.id as coalition_id", "c.slug", "c.name as coalition_name"])
    .where("m.role", "=", "coordinator")
    .where("c.archived_at", "is", null)
    .orderBy("u.id")
    .orderBy("c.name")
    .execute();
}
