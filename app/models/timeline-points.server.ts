import * as Y from "yjs";
import { statesAtDayEnds, utcDay } from "../../common/ydoc/day-states";
import { applyChecked } from "../../common/ydoc/ydoc-state";
import { getDb } from "../../db/client";
import { now } from "../../db/ids";
import { listAuthorProfiles, listDocumentAuthors } from "../../db/queries/document-authors";
import { listDayStates, loadTimedLog } from "../../db/queries/document-day-states";
import type { DocumentListRow } from "../../db/queries/documents";
import { listVersionsOf, requireVersion } from "./versions.server";

/**
 * Issue 23's timeline: the points of a document's history, each a state that can be read, compared,
 * exported and restored. A published version is a point; so is the end of each UTC day with edits,
 * rebuilt from the stored snapshot and log (common/ydoc/day-states.ts) or, once compacted, read
 * from the states kept just before (migration 0034, server/collab-adapters/day-keeper.ts).
 */
export interface TimelinePoint {
  /** `day-YYYY-MM-DD` or `version-<id>`. */
  id: string;
  kind: "day" | "version";
  /** When the point's state was reached: a version's publication; the end of a day (or now, for today). */
  at: string;
  day: string | null;
  version: { number: number; label: string; withdrawn: boolean } | null;
  /** Today's point is the draft as it stands. */
  today: boolean;
  /** Who wrote in this state since the previous point of the same kind (a day: that day; a version: since the previous version). */
  contributors: { id: string; name: string }[];
}

interface DayEntry {
  day: string;
  state: Uint8Array;
  userIds: string[];
}

const DAY_ID = /^day-(\d{4}-\d{2}-\d{2})$/;
const VERSION_ID = /^version-([a-z0-9]{1,64})$/;

/** The end of each UTC day with edits, oldest first: kept days, then what the stored log rebuilds (exact from the snapshot's day on). */
async function dayStates(documentId: string): Promise<DayEntry[]> {
  const db = getDb();
  const [kept, log] = await Promise.all([listDayStates(db, documentId), loadTimedLog(db, documentId)]);
  const byDay = new Map<string, DayEntry>(kept.map((d) => [d.day, d]));
  for (const d of statesAtDayEnds(log.snapshot, log.rows)) {
    const old = byDay.get(d.day);
    byDay.set(d.day, { ...d, userIds: [...new Set([...(old?.userIds ?? []), ...d.userIds])] });
  }
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}

function snapshotOf(state: Uint8Array): Y.Snapshot {
  const doc = new Y.Doc();
  try {
    applyChecked(doc, state);
    return Y.snapshot(doc);
  } finally {
    doc.destroy();
  }
}

/** Clients whose items `after` holds beyond `before`. */
function clientsAdded(before: Y.Snapshot | null, after: Y.Snapshot): number[] {
  return [...after.sv].filter(([client, clock]) => clock > (before?.sv.get(client) ?? 0)).map(([client]) => client);
}

/** Every point of a document, newest first, with contributors named. */
export async function listTimeline(doc: DocumentListRow): Promise<TimelinePoint[]> {
  const [days, versions, authors] = await Promise.all([dayStates(doc.id), listVersionsOf(doc.id), listDocumentAuthors(getDb(), doc.id)]);
  const today = utcDay(now());
  const userSets = new Map<string, Set<string>>();
  const points: TimelinePoint[] = [];
  let previous: Y.Snapshot | null = null;
  for (const d of days) {
    const snap = snapshotOf(d.state);
    // A day that changed nothing (a compaction just after midnight) is not a point of its own.
    if (previous && Y.equalSnapshots(previous, snap)) continue;
    const users = new Set(d.userIds);
    for (const client of clientsAdded(previous, snap)) if (authors.get(client)) users.add(authors.get(client)!);
    previous = snap;
    const id = `day-${d.day}`;
    userSets.set(id, users);
    points.push({ id, kind: "day", at: d.day === today ? now() : `${d.day}T23:59:59.999Z`, day: d.day, version: null, today: d.day === today, contributors: [] });
  }
  previous = null;
  for (const v of [...versions].sort((a, b) => a.number - b.number)) {
    const snap = snapshotOf((await requireVersion(doc.coalition_id, v.id)).state);
    const users = new Set<string>();
    for (const client of clientsAdded(previous, snap)) if (authors.get(client)) users.add(authors.get(client)!);
    previous = snap;
    const id = `version-${v.id}`;
    userSets.set(id, users);
    points.push({ id, kind: "version", at: v.publishedAt, day: null, version: { number: v.number, label: v.label, withdrawn: Boolean(v.withdrawn) }, today: false, contributors: [] });
  }
  const everyone = [...new Set([...userSets.values()].flatMap((s) => [...s]))];
  const names = new Map((await listAuthorProfiles(getDb(), everyone)).map((p) => [p.id, p.name]));
  for (const p of points) {
    p.contributors = [...userSets.get(p.id)!].filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id)! })).sort((a, b) => a.name.localeCompare(b.name));
  }
  return points.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

/** One point and its Yjs state, or undefined when the id names none of this document's points. */
export async function findPoint(doc: DocumentListRow, pointId: string | undefined): Promise<{ point: TimelinePoint; state: Uint8Array } | undefined> {
  if (!pointId || !(DAY_ID.test(pointId) || VERSION_ID.test(pointId))) return undefined;
  const points = await listTimeline(doc);
  const point = points.find((p) => p.id === pointId);
  if (!point) return undefined;
  if (point.kind === "version") return { point, state: (await requireVersion(doc.coalition_id, VERSION_ID.exec(pointId)![1])).state };
  const day = (await dayStates(doc.id)).find((d) => d.day === point.day);
  return day ? { point, state: day.state } : undefined;
}
