import type { Logger } from "pino";
import * as Y from "yjs";
import type { DocumentWriter } from "../../db/queries/document-writer";
import { applyChecked, yDocPlainText } from "../../common/ydoc/ydoc-state";
import type { CollabMetrics } from "./metrics";
import type { SharedLog } from "./persistence";
import { REMOTE_ORIGIN, type Room } from "./room";

const PLAIN_TEXT_BUDGET_MS = 20;
const PLAIN_TEXT_INTERVAL_MS = 30_000;

/**
 * The writer's background jobs (persistence.ts runs them one at a time, beside the group commits):
 * compacting a document's log into its snapshot, on the event loop or on the compaction thread,
 * and the debounced last-edited write. A compaction covers only rows already committed.
 */
export class Compactor {
  constructor(
    private readonly store: DocumentWriter,
    private readonly metrics: CollabMetrics,
    private readonly log: Logger,
    private readonly shared: SharedLog | undefined,
    /** Documents whose compaction on the loop cost this much go to the compaction thread (see CollabLimits.compactThreadMinMs). */
    private readonly compactThreadMinMs: number,
    /** Whether the compaction thread can run beside the event loop (more than one core for this process). */
    private readonly spareCore: boolean,
    /** A document's stored state changed for readers (last-edited stamp, compaction). */
    private readonly changed: (documentId: string, coalitionId: string) => void,
    /** Before the log is merged: keep what the merge would lose (the timeline's past days, DocumentStore.keepDays). */
    private readonly beforeCompaction: (documentId: string) => Promise<void> = async () => {},
  ) {}

  /**
   * The plain text for a last-edited write, unless extracting it is costly (a large document) and
   * was done recently: then search catches up at the next compaction or unload instead.
   */
  private cheapPlainText(room: Room): string | undefined {
    const now = performance.now();
    if (room.plainTextCostMs > PLAIN_TEXT_BUDGET_MS && now - room.plainTextAt < PLAIN_TEXT_INTERVAL_MS) return undefined;
    const text = yDocPlainText(room.doc);
    room.plainTextCostMs = performance.now() - now;
    room.plainTextAt = now;
    return text;
  }

  /**
   * Merges the log into the snapshot in one transaction (see compactDocument). Every row up to
   * room.lastSeq is committed and was applied to the document in memory before it was committed,
   * so a snapshot of the document in memory covers them (it may also hold edits still being
   * committed: harmless, Yjs applies them once); a compaction off the stored log covers exactly them.
   */
  async compact(room: Room): Promise<void> {
    if (room.tailCount === 0) return;
    try {
      await this.beforeCompaction(room.documentId);
    } catch (error) {
      // The timeline loses a day's point; the log must still be compacted.
      this.log.warn({ documentId: room.documentId, err: (error as Error).message }, "collab: keeping past days before compaction failed");
    }
    // Group commits go on meanwhile: count only the rows this compaction covers.
    const coveredCount = room.tailCount;
    const coveredBytes = room.tailBytes;
    const forget = () => {
      room.tailCount = Math.max(0, room.tailCount - coveredCount);
      room.tailBytes = Math.max(0, room.tailBytes - coveredBytes);
    };
    let lastSeq = room.lastSeq;
    let coveredSeqs: number[] | undefined;
    if (this.shared) {
      if (!(await this.shared.claim(room.documentId))) {
        forget(); // another instance compacts this document: these rows are its to merge
        this.metrics.compactionsDeferred++;
        return;
      }
      const seqs = await this.shared.listSeqs(room.documentId);
      const rows = await this.shared.readRows(room.documentId, seqs.filter((seq) => !room.knownSeqs.has(seq)));
      if (rows.length) {
        const before = Y.encodeStateVector(room.doc);
        let ok = true;
        room.doc.transact(() => {
          for (const row of rows) {
            if (applyChecked(room.doc, row.data, REMOTE_ORIGIN) !== null) {
              ok = false; // cannot cover it: leave the log alone
              return;
            }
            room.knownSeqs.add(row.seq);
          }
        }, REMOTE_ORIGIN);
        if (!ok) return;
        room.relayCatchUp(before); // rows whose relay message never arrived reach local clients now
      }
      // Delete exactly the rows this copy holds: another instance's row may commit later with a lower seq.
      coveredSeqs = seqs.filter((seq) => room.knownSeqs.has(seq));
      for (const seq of coveredSeqs) lastSeq = Math.max(lastSeq, seq);
    }
    const edited = room.lastEdit ?? undefined;
    // A single instance on a SQLite file with a core to spare: a document that is slow to encode is
    // rebuilt from the stored rows on another thread, so this event loop does not stop for it (see
    // db/sqlite-compactor.ts). On one core the thread would take the loop's CPU instead.
    if (!this.shared && this.store.compactFromLog && this.spareCore && room.compactLoopMs >= this.compactThreadMinMs) {
      try {
        const done = await this.store.compactFromLog(room.documentId, { lastSeq, edited });
        this.metrics.compactionsOnThread++;
        return this.compacted(room, { edited, lastSeq, bytes: done.bytes, forget });
      } catch (error) {
        this.log.warn({ documentId: room.documentId, err: (error as Error).message }, "collab: compaction from the stored log failed; compacting from memory");
      }
    }
    const encodeStart = performance.now();
    const data = Y.encodeStateAsUpdate(room.doc);
    const plainText = yDocPlainText(room.doc);
    room.compactLoopMs = performance.now() - encodeStart;
    const stamp = await this.store.compact(room.documentId, { data, lastSeq, plainText, edited, coveredSeqs, knownStamp: room.snapshotStamp });
    if (coveredSeqs) for (const seq of coveredSeqs) room.knownSeqs.delete(seq);
    if (stamp) room.snapshotStamp = stamp;
    if (room.gone) await this.shared?.release(room.documentId); // unloaded here: an instance still serving it takes over
    this.compacted(room, { edited, lastSeq, bytes: data.byteLength, forget });
  }

  private compacted(room: Room, { edited, lastSeq, bytes, forget }: { edited?: { at: string; by: string | null }; lastSeq: number; bytes: number; forget: () => void }): void {
    forget();
    if (edited && room.lastEdit === edited) room.lastEdit = null;
    this.metrics.compactions++;
    this.log.debug({ documentId: room.documentId, lastSeq, bytes }, "collab: compacted");
    if (edited) this.changed(room.documentId, room.coalitionId);
  }

  /** The debounced last-edited stamp and search text. */
  async writeMeta(room: Room): Promise<void> {
    const edit = room.lastEdit;
    if (!edit) return;
    await this.store.touch(room.documentId, { at: edit.at, by: edit.by, plainText: this.cheapPlainText(room) });
    if (room.lastEdit === edit) room.lastEdit = null;
    this.changed(room.documentId, room.coalitionId);
  }
}
