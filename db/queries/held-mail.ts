import type { Executor } from "./users";

/** The held_mail table (migration 0027): mail to a coalition's address from a non-member, waiting for a coordinator. */
export interface HeldMailTable {
  id: string;
  coalition_id: string;
  sender_id: string;
  message_id: string;
  subject: string;
  body: string;
  state: "held" | "approved" | "rejected";
  thread_id: string | null;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
}

function table(db: Executor) {
  return db.withTables<{ held_mail: HeldMailTable }>();
}

export async function insertHeldMail(db: Executor, row: Omit<HeldMailTable, "state" | "thread_id" | "decided_by" | "decided_at">): Promise<void> {
  await table(db).insertInto("held_mail").values({ ...row, state: "held", thread_id: null, decided_by: null, decided_at: null }).execute();
}

/** A coalition's mail still waiting, oldest first, with who sent it. */
export function listHeldMail(db: Executor, coalitionId: string) {
  return table(db)
    .selectFrom("held_mail as h")
    .innerJoin("users as u", "u.id", "h.sender_id")
    .select(["h.id", "h.subject", "h.body", "h.created_at", "u.id as sender_id", "u.name as sender_name", "u.email as sender_email"])
    .where("h.coalition_id", "=", coalitionId)
    .where("h.state", "=", "held")
    .orderBy("h.created_at")
    .orderBy("h.id")
    .execute();
}

export function countHeldMail(db: Executor, coalitionId: string): Promise<number> {
  return table(db)
    .selectFrom("held_mail")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("coalition_id", "=", coalitionId)
    .where("state", "=", "held")
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export function findHeldMail(db: Executor, id: string): Promise<HeldMailTable | undefined> {
  return table(db).selectFrom("held_mail").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Decides a held mail: true for the one caller that finds it still held. */
export async function decideHeldMail(db: Executor, id: string, patch: { state: "approved" | "rejected"; decided_by: string; decided_at: string; thread_id?: string | null }): Promise<boolean> {
  const result = await table(db)
    .updateTable("held_mail")
    .set({ state: patch.state, decided_by: patch.decided_by, decided_at: patch.decided_at, thread_id: patch.thread_id ?? null })
    .where("id", "=", id)
    .where("state", "=", "held")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setOutsideMail(db: Executor, coalitionId: string, on: boolean, at: string): Promise<void> {
  await db.updateTable("coalitions").set({ outside_mail: on ? 1 : 0, updated_at: at }).where("id", "=", coalitionId).execute();
}

/** Puts an approved mail back in the queue (its thread could not be posted). */
export async function reopenHeldMail(db: Executor, id: string): Promise<void> {
  await table(db).updateTable("held_mail").set({ state: "held", decided_by: null, decided_at: null }).where("id", "=", id).execute();
}

export async function setHeldMailThread(db: Executor, id: string, threadId: string): Promise<void> {
  await table(db).updateTable("held_mail").set({ thread_id: threadId }).where("id", "=", id).execute();
}
