import * as Y from "yjs";
import { snapshotOfState, statesAtDayEnds, utcDay } from "../../common/ydoc/day-states";
import { getDb } from "../../db/client";
import { now } from "../../db/ids";
import { listAuthorProfiles, listDocumentAuthors } from "../../db/queries/document-authors";
import { listDayStates } from "../../db/queries/document-day-states";
import { loadTimedLog } from "../../db/queries/document-state";
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

/** Clients whose items `after` holds beyond `before`. */
function clientsAdded(before: Y.Snapshot | null, after: Y.Snapshot): number[] {
  return [...after.sv].filter(([client, clock]) => clock > (before?.sv.get(client) ?? 0)).map(([client]) => client);
}

/** A document's timeline as read once: its points (newest first) and each point's Yjs state. */
export interface Timeline {
  points: TimelinePoint[];
  stateOf(pointId: string): Uint8Array | undefined;
}

/** Every point of a document, newest first, with contributors named, and their states. */
export async function loadTimeline(doc: DocumentListRow): Promise<Timeline> {
  const [days, versionList, authors] = await Promise.all([dayStates(doc.id), listVersionsOf(doc.id), listDocumentAuthors(getDb(), doc.id)]);
  const states = new Map<string, Uint8Array>();
  const today = utcDay(now());
  const userSets = new Map<string, Set<string>>();
  const points: TimelinePoint[] = [];
  let previous: Y.Snapshot | null = null;
  for (const d of days) {
    const snap = snapshotOfState(d.state);
    // A day that changed nothing (a compaction just after midnight) is not a point of its own.
    if (previous && Y.equalSnapshots(previous, snap)) continue;
    const users = new Set(d.userIds);
    for (const client of clientsAdded(previous, snap)) if (authors.get(client)) users.add(authors.get(client)!);
    previous = snap;
    const id = `day-${d.day}`;
    userSets.set(id, users);
    states.set(id, d.state);
    points.push({ id, kind: "day", at: d.day === today ? now() : `${d.day}T23:59:59.999Z`, day: d.day, version: null, today: d.day === today, contributors: [] });
  }
  previous = null;
  const versions = await Promise.all(versionList.map((v) => requireVersion(doc.coalition_id, v.id)));
  for (const v of versions.sort((a, b) => a.number - b.number)) {
    const snap = snapshotOfState(v.state);
    const users = new Set<string>();
    for (const client of clientsAdded(previous, snap)) if (authors.get(client)) users.add(authors.get(client)!);
    previous = snap;
    const id = `version-${v.id}`;
    userSets.set(id, users);
    states.set(id, v.state);
    points.push({ id, kind: "version", at: v.publishedAt, day: null, version: { number: v.number, label: v.label, withdrawn: Boolean(v.withdrawn) }, today: false, contributors: [] });
  }
  const everyone = [...new Set([...userSets.values()].flatMap((s) => [...s]))];
  const names = new Map((await listAuthorProfiles(getDb(), everyone)).map((p) => [p.id, p.name]));
  for (const p of points) {
    p.contributors = [...userSets.get(p.id)!].filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id)! })).sort((a, b) => a.name.localeCompare(b.name));
  }
  points.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { points, stateOf: (pointId) => states.get(pointId) };
}

/** Every point of a document, newest first. */
export async function listTimeline(doc: DocumentListRow): Promise<TimelinePoint[]> {
  return (await loadTimeline(doc)).points;
}

/** One point of a timeline and its Yjs state, or undefined when the id names none of its points. */
export function pointIn(timeline: Timeline, pointId: string | null | undefined): { point: TimelinePoint; state: Uint8Array } | undefined {
  if (!pointId || !(DAY_ID.test(pointId) || VERSION_ID.test(pointId))) return undefined;
  const point = timeline.points.find((p) => p.id === pointId);
  const state = timeline.stateOf(pointId);
  return point && state ? { point, state } : undefined;
}
