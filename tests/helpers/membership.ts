import { getDb } from "../../db/client";
import type { DomainEvent } from "../../app/models/events.server";
import { onDomainEvent } from "../../app/models/events.server";

export { clientAs } from "./http";

/** Everything membership writes, to prove a refused request changed nothing. */
export async function membershipSnapshot() {
  const db = getDb();
  const [memberships, requests, invitations, audit] = await Promise.all([
    db.selectFrom("memberships").select(["id", "coalition_id", "user_id", "role"]).orderBy("id").execute(),
    db.selectFrom("join_requests").select(["id", "status", "decided_role", "decision_reason"]).orderBy("id").execute(),
    db.selectFrom("invitations").select(["id", "accepted_at", "revoked_at"]).orderBy("id").execute(),
    db.selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { memberships, requests, invitations, audit: Number(audit.n) };
}

/** Records membership.changed events (the emitter lives on globalThis, shared with the server bundle). */
export function recordMembershipEvents() {
  const events: Array<Extract<DomainEvent, { type: "membership.changed" }>> = [];
  const stop = onDomainEvent((e) => {
    if (e.type === "membership.changed") events.push(e);
  });
  return { events, stop };
}

export async function roleOf(coalitionId: string, userId: string): Promise<string | null> {
  const row = await getDb().selectFrom("memberships").select("role").where("coalition_id", "=", coalitionId).where("user_id", "=", userId).executeTakeFirst();
  return row?.role ?? null;
}

export async function auditActions(coalitionId: string): Promise<string[]> {
  const rows = await getDb().selectFrom("audit_events").select("action").where("coalition_id", "=", coalitionId).orderBy("id").execute();
  return rows.map((r) => r.action);
}
