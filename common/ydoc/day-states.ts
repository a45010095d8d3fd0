import * as Y from "yjs";
import { applyChecked } from "./ydoc-core.mjs";

/**
 * The timeline's days (issue 23): a document's state at the end of each UTC day, rebuilt from the
 * stored snapshot and the update log's timestamped rows (isomorphic: imports only yjs). Exact for
 * every day on or after the snapshot's: the snapshot holds only edits made before it was written,
 * and every later edit is still a row of the log.
 */

export interface TimedRow {
  data: Uint8Array;
  userId: string | null;
  /** ISO 8601, UTC (`…Z`). */
  createdAt: string;
}

export interface DayState {
  /** YYYY-MM-DD, UTC. */
  day: string;
  state: Uint8Array;
  /** Who sent that day's log rows (empty for a day known only from the snapshot). */
  userIds: string[];
}

/** The UTC day of an ISO timestamp. */
export function utcDay(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/** The days a stored state can be rebuilt for: the snapshot's day and each day with log rows, oldest first. */
export function rebuildableDays(snapshot: { updatedAt: string } | null, rows: readonly Pick<TimedRow, "createdAt">[]): string[] {
  const days = new Set(rows.map((r) => utcDay(r.createdAt)));
  if (snapshot) days.add(utcDay(snapshot.updatedAt));
  return [...days].sort();
}

/**
 * The state at the end of each rebuildable day (see rebuildableDays), oldest first. A row that
 * cannot be applied is skipped, as loading the document does.
 */
export function statesAtDayEnds(snapshot: { data: Uint8Array; updatedAt: string } | null, rows: readonly TimedRow[]): DayState[] {
  const doc = new Y.Doc();
  try {
    if (snapshot) applyChecked(doc, snapshot.data);
    const sorted = [...rows].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    const out: DayState[] = [];
    let i = 0;
    for (const day of rebuildableDays(snapshot, rows)) {
      const users = new Set<string>();
      for (; i < sorted.length && utcDay(sorted[i].createdAt) <= day; i++) {
        applyChecked(doc, sorted[i].data);
        if (sorted[i].userId) users.add(sorted[i].userId!);
      }
      out.push({ day, state: Y.encodeStateAsUpdate(doc), userIds: [...users] });
    }
    return out;
  } finally {
    doc.destroy();
  }
}

/**
 * The snapshot (state vector and delete set) of an encoded state, read from the update itself: no
 * document is built, which is ~5× faster on a 50-page draft (a timeline takes one per day).
 * Equal to `Y.snapshot` of a document the state is applied to: the encoder wrote the document's
 * whole delete set, sorted and merged.
 */
export function snapshotOfState(state: Uint8Array): Y.Snapshot {
  const { structs, ds } = Y.decodeUpdate(state);
  // The state vector from the structs (each client's run from clock 0); anything else (a skipped
  // range, a run not starting at 0) is left to Yjs' own reading of the update.
  const sv = new Map<number, number>();
  for (const struct of structs) {
    if (!(struct instanceof Y.Item || struct instanceof Y.GC) || struct.id.clock !== (sv.get(struct.id.client) ?? 0)) {
      return Y.createSnapshot(ds, Y.decodeStateVector(Y.encodeStateVectorFromUpdate(state)));
    }
    sv.set(struct.id.client, struct.id.clock + struct.length);
  }
  return Y.createSnapshot(ds, sv);
}

/** Whether two states hold the same items and deletions (a day that changed nothing). */
export function sameState(a: Uint8Array, b: Uint8Array): boolean {
  return Y.equalSnapshots(snapshotOfState(a), snapshotOfState(b));
}
