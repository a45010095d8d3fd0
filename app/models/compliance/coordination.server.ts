import { getDb } from "../../../db/client";
import { now } from "../../../db/ids";
import * as q from "../../../db/queries/reports";
import { t } from "../../lib/i18n/messages";
import { refusal, type Refusal } from "../../lib/policy";
import { decideFor, requireAllowed, type CoalitionAccess } from "../access.server";
import { writeAudit } from "../audit.server";

/**
 * Coordination-group meetings (forum events kept by the secretariat) and whether this coalition
 * took part, as its coordinators record it (`compliance:record`); anyone who may see the
 * coalition reads the record.
 */
export async function coordinationRecord(access: CoalitionAccess, at: Date = new Date()) {
  requireAllowed(access, "coalition:view");
  const [meetings, attended] = await Promise.all([q.listPastCoordinationMeetings(getDb(), at.toISOString()), q.listCoordinationAttended(getDb(), access.coalition.id)]);
  const set = new Set(attended);
  return meetings.map((m) => ({ id: m.id, title: m.title, startsAt: m.starts_at, attended: set.has(m.id) }));
}

export async function recordCoordination(access: CoalitionAccess, eventId: unknown, attended: boolean): Promise<{ ok: true } | Refusal> {
  const decision = decideFor(access, "compliance:record");
  if (!decision.ok) return decision;
  const event = typeof eventId === "string" && eventId ? await q.findCoordinationMeeting(getDb(), eventId) : undefined;
  if (!event) return refusal(400, t("compliance.error.event"), "eventId");
  const at = now();
  await getDb()
    .transaction()
    .execute(async (tx) => {
      await q.setCoordinationAttended(tx, { eventId: event.id, coalitionId: access.coalition.id, attended, by: access.user!.id, at });
      await writeAudit(tx, { coalitionId: access.coalition.id, actorId: access.user!.id, action: "compliance.coordination_recorded", detail: { eventId: event.id, title: event.title, attended }, at });
    });
  return { ok: true };
}
