import { availableParallelism } from "node:os";
import type { Logger } from "pino";
import type { DocumentWriter } from "../../db/queries/document-writer";
import { Compactor } from "./compaction";
import type { CollabMetrics } from "./metrics";
import type { Room, StagedUpdate } from "./room";

/**
 * The single writer of a collaboration server, with group commit: the updates every room staged
 * during one event-loop turn (and relayed to its clients in that turn, see Room.relayTurn) are
 * appended in ONE statement (one transaction); while it commits, the next turn's updates gather
 * and are written right after. A commit releases what waits for durable state (sync step 2
 * answers, durableState readers, server-side edits, publication to other instances). Compactions and
 * the debounced last-edited writes (compaction.ts) run one at a time beside the group commits (a
 * compaction's reads and transaction must not hold edits back; it only covers rows already committed).
 */
export interface SharedLog {
  listSeqs(documentId: string): Promise<number[]>;
  readRows(documentId: string, seqs: number[]): Promise<{ seq: number; data: Uint8Array }[]>;
  claim(documentId: string): Promise<boolean>;
  release(documentId: string): Promise<void>;
}

export class Writer {
  private dirty = new Set<Room>();
  private jobs: { room: Room; kind: "compact" | "meta" }[] = [];
  private running = false;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  private lastBatchAt = -Infinity;
  /** Rooms with updates received this turn, integrated together at the end of the turn (endTurn, scheduled while this is not empty). */
  private inboxes = new Set<Room>();
  /** Inside endTurn: the group commit is started right after the rooms' inboxes, not a turn later. */
  private inTurn = false;
  /** The background job (compaction or last-edited write) in flight, if any. */
  private job: Promise<void> | null = null;
  /** Told when a document's stored state changed for readers (last-edited stamp, compaction): AccessEvents.documentChanged. */
  onDocumentChanged: (documentId: string, coalitionId: string) => void = () => {};
  /** Runs before each compaction of a document (DocumentStore.keepDays: the timeline's past days). */
  beforeCompaction: (documentId: string) => Promise<void> = async () => {};
  /** Compactions and last-edited writes (compaction.ts). */
  private readonly compactor: Compactor;

  constructor(
    private readonly store: DocumentWriter,
    private readonly metrics: CollabMetrics,
    private readonly log: Logger,
    /**
     * With several instances, rows other instances appended may not have reached this copy yet:
     * before compacting, list the log and read and apply the rows this copy lacks, so the snapshot
     * covers every row it deletes; and only the holder of a document's claim compacts it.
     */
    shared?: SharedLog,
    /** Least time between the starts of two group commits (see CollabLimits.commitIntervalMs). */
    private readonly commitIntervalMs = 0,
    /** Documents whose compaction on the loop cost this much go to the compaction thread (see CollabLimits.compactThreadMinMs). */
    compactThreadMinMs = 0,
    /** Whether the compaction thread can run beside the event loop (more than one core for this process). */
    spareCore = availableParallelism() > 1,
  ) {
    this.compactor = new Compactor(store, metrics, log, shared, compactThreadMinMs, spareCore, (documentId, coalitionId) => this.onDocumentChanged(documentId, coalitionId), (documentId) => this.beforeCompaction(documentId));
  }

  /**
   * This room received updates: at the end of the turn (the check phase, once the turn's reads are
   * done) every such room integrates its inbox, and the group commit that stores them starts in the
   * same callback when the pacing allows, so an edit is committed and relayed in the turn it
   * arrived in instead of one loop iteration later.
   */
  scheduleInbox(room: Room): void {
    if (!this.inboxes.size) setImmediate(() => this.endTurn());
    this.inboxes.add(room);
  }

  private endTurn(): void {
    const rooms = [...this.inboxes];
    this.inboxes.clear();
    this.inTurn = true;
    for (const room of rooms) {
      try {
        room.flushInbox();
      } catch (error) {
        // Never expected (a refused update is answered inside); if integrating still throws, this
        // copy may be ahead of what it staged: drop it (clients reconnect and resync), not the process.
        room.fail(error as Error);
      }
    }
    this.inTurn = false;
    this.kick(true);
  }

  /** Commit this room's staged updates at the end of the current turn. */
  scheduleWrite(room: Room): void {
    this.dirty.add(room);
    this.kick();
  }

  scheduleCompaction(room: Room): void {
    if (!this.jobs.some((j) => j.room === room && j.kind === "compact")) this.jobs.push({ room, kind: "compact" });
    this.kick();
  }

  scheduleMetaNow(room: Room): void {
    if (!this.jobs.some((j) => j.room === room)) this.jobs.push({ room, kind: "meta" });
    this.kick();
  }

  /** Resolves when nothing is staged, committing or queued. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return !this.running && !this.scheduled && !this.inboxes.size && !this.dirty.size && !this.jobs.length && !this.job;
  }

  private settle(): void {
    if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Starts the writer: now (`now`, at the end of a turn) or at the end of this turn, or when the pacing allows. */
  private kick(now = false): void {
    if (this.running || this.scheduled || this.inTurn) return;
    const wait = this.untilNextBatch();
    if (now && wait <= 0) return void this.run();
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      void this.run();
    };
    if (wait > 0) setTimeout(go, wait);
    else setImmediate(go);
  }

  /** Milliseconds until the next group commit may start (whole ms: timers are not finer). */
  private untilNextBatch(): number {
    return Math.floor(this.lastBatchAt + this.commitIntervalMs - performance.now());
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.dirty.size || (this.jobs.length && !this.job)) {
        if (this.jobs.length && !this.job) {
          this.job = this.runJob(this.jobs.shift()!).finally(() => {
            this.job = null;
            if (this.jobs.length) this.kick();
            else this.settle();
          });
        }
        if (this.dirty.size) {
          const wait = this.untilNextBatch();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          await this.writeBatch();
        }
      }
    } finally {
      this.running = false;
      this.settle();
    }
  }

  private async writeBatch(): Promise<void> {
    const startedAt = (this.lastBatchAt = performance.now());
    const rooms = [...this.dirty];
    this.dirty.clear();
    const batch: { room: Room; items: StagedUpdate[]; gen: number; since: number }[] = [];
    const rows: { documentId: string; data: Uint8Array; userId: string | null }[] = [];
    for (const room of rooms) {
      if (room.gone) continue;
      const taken = room.takeStaged();
      batch.push({ room, ...taken });
      for (const item of taken.items) rows.push({ documentId: room.documentId, data: item.data, userId: item.userId });
    }
    let seqs: number[];
    try {
      seqs = rows.length ? await this.store.append(rows) : [];
    } catch (error) {
      for (const { room } of batch) room.fail(error as Error);
      return;
    }
    if (rows.length) {
      this.metrics.writes++;
      this.metrics.commitMs.observe(performance.now() - startedAt);
    }
    // appendUpdates returns seqs in input order: hand each room its slice.
    let offset = 0;
    for (const { room, items, gen, since } of batch) {
      const mine = seqs.slice(offset, offset + items.length);
      offset += items.length;
      if (room.gone) continue;
      try {
        room.markDurable(items, mine, gen);
        if (items.length) this.metrics.holdMs.observe(performance.now() - since);
      } catch (error) {
        room.fail(error as Error); // committed, but this copy cannot go on: clients reconnect and resync
      }
    }
  }

  private async runJob(job: { room: Room; kind: "compact" | "meta" }): Promise<void> {
    try {
      if (job.kind === "compact") await this.compactor.compact(job.room);
      else await this.compactor.writeMeta(job.room);
    } catch (error) {
      this.log.error({ documentId: job.room.documentId, kind: job.kind, err: (error as Error).message }, "collab: background write failed");
    }
  }
}
