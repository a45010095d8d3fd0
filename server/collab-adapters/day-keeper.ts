import type { Kysely } from "kysely";
import { rebuildableDays, sameState, statesAtDayEnds, utcDay } from "../../common/ydoc/day-states";
import { now } from "../../db/ids";
import { insertDayStates, latestDayStateBefore, listKeptDays } from "../../db/queries/document-day-states";
import { loadTimedLog, oldestStoredTimes } from "../../db/queries/document-state";
import type { Database } from "../../db/schema";

/**
 * Keeps the state at the end of each past UTC day that the stored snapshot and log can still
 * rebuild (issue 23's timeline; migration 0034), before a compaction merges those rows into the
 * snapshot and the day can no longer be told apart. Cheap when there is nothing to keep (two small
 * reads: the oldest row's time and the snapshot's); otherwise it runs once per document and day.
 * Today is not kept: it is not over, and its rows stay rebuildable until a compaction on a later day.
 * Returns the days kept.
 */
export async function keepPastDays(db: Kysely<Database>, documentId: string, today = utcDay(now())): Promise<string[]> {
  const times = await oldestStoredTimes(db, documentId);
  const earliest = [times.oldestRow, times.snapshot].filter((t): t is string => Boolean(t)).map(utcDay).sort()[0];
  if (!earliest || earliest >= today) return [];
  const { snapshot, rows } = await loadTimedLog(db, documentId);
  const kept = await listKeptDays(db, documentId);
  if (rebuildableDays(snapshot, rows).every((day) => day >= today || kept.has(day))) return [];
  const states = statesAtDayEnds(snapshot, rows);
  let previous = await latestDayStateBefore(db, documentId, states[0].day);
  const keep: typeof states = [];
  for (const s of states) {
    if (s.day >= today) break;
    // A day that changed nothing (a snapshot written just after midnight) is not a point of its own.
    if (!kept.has(s.day) && !(previous && sameState(previous, s.state))) keep.push(s);
    previous = s.state;
  }
  await insertDayStates(db, documentId, keep, now());
  return keep.map((s) => s.day);
}
