import type { Executor } from "./users";

/** What became of a received mail for one recipient, if it was handled before. */
export async function findInboundOutcome(db: Executor, messageId: string, recipient: string): Promise<string | null> {
  const row = await db.selectFrom("inbound_mail").select("outcome").where("message_id", "=", messageId).where("recipient", "=", recipient).executeTakeFirst();
  return row?.outcome ?? null;
}

/** Records a handled mail (a second record of the same pair is ignored). */
export async function recordInboundOutcome(db: Executor, row: { message_id: string; recipient: string; outcome: string; created_at: string }): Promise<void> {
  await db.insertInto("inbound_mail").values(row).onConflict((oc) => oc.columns(["message_id", "recipient"]).doNothing()).execute();
}
