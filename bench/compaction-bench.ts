/**
 * How long a compaction stops the event loop that relays edits: the snapshot built from the document
 * in memory on the event loop (what PostgreSQL instances, and SQLite before the compaction thread, do:
 * encode the whole document, take its plain text, then store it) against the compaction thread
 * (db/sqlite-compactor.ts: rebuilt from the stored snapshot and log rows on a thread of its own).
 *
 *   node --import tsx bench/compaction-bench.ts [--reps 5] [--edits 2000]
 *
 * Same process, same SQLite file (synchronous=FULL), same documents, the two ways interleaved. For
 * documents of ~0.2, ~1.5 and ~7.5 MB (Tiptap paragraphs), each repetition appends `edits`
 * single-character edits to the log (the default compaction threshold) and compacts them. "Loop
 * stall" is the longest gap seen by a 1 ms interval timer while the compaction runs; "wall" is
 * start to stored. Medians over repetitions. (With `node --expose-gc` a full GC runs before each
 * measurement; that made the numbers noisier, not different in kind.)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
// The app's own yjs (bench/node_modules has another copy; two copies break Yjs's type checks).
import * as Y from "../node_modules/yjs/dist/yjs.mjs";
import { yDocPlainText } from "../common/ydoc/ydoc-state";
import { closeDb, getDb, openDatabase, setDb } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { openDocumentWriter } from "../db/queries/document-writer";
import { addMember, createCoalition, createDocument, createUser } from "../tests/helpers/factories";

const { values } = parseArgs({ options: { reps: { type: "string", default: "5" }, edits: { type: "string", default: "2000" } } });
const reps = Number(values.reps);
const edits = Number(values.edits);

const dir = mkdtempSync(join(tmpdir(), "cw-compaction-bench-"));
const url = `file:${join(dir, "bench.db")}`;
setDb(openDatabase(url));
await migrateToLatest(getDb());
const user = await createUser();
const coalition = await createCoalition();
await addMember(coalition.id, user.id, "member");
const writer = openDocumentWriter({ db: getDb(), url }, { synchronous: "FULL", thread: "worker" });
await writer.open();

/** Runs `fn` and reports the longest gap of a 1 ms timer meanwhile, and the wall time. */
async function measure(fn: () => Promise<unknown>): Promise<{ stallMs: number; wallMs: number }> {
  // With --expose-gc: the edits just typed leave garbage; collect it before, not during.
  (globalThis as { gc?: () => void }).gc?.();
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const t = performance.now();
    stallMs = Math.max(stallMs, t - last);
    last = t;
  }, 1);
  await new Promise((r) => setTimeout(r, 20)); // the timer running before the compaction starts
  last = performance.now();
  stallMs = 0;
  const t0 = performance.now();
  await fn();
  const wallMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 5));
  clearInterval(timer);
  stallMs = Math.max(stallMs, performance.now() - last);
  return { stallMs, wallMs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows: string[] = [];
// The timer's own jitter on this machine: the same measurement around 200 ms of nothing.
const idle: number[] = [];
for (let r = 0; r < reps; r++) idle.push((await measure(() => new Promise((res) => setTimeout(res, 200)))).stallMs);

for (const paragraphs of [1_000, 10_000, 50_000]) {
  const documentId = (await createDocument(coalition.id, user.id)).id;
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment("default");
  doc.transact(() => {
    for (let i = 0; i < paragraphs; i++) {
      const p = new Y.XmlElement("paragraph");
      p.insert(0, [new Y.XmlText(`Paragraph ${i}: the coalition's charter, its principles and the record of its meetings.`)]);
      fragment.insert(fragment.length, [p]);
    }
  });
  const [seq] = await writer.append([{ documentId, data: Y.encodeStateAsUpdate(doc), userId: user.id }]);
  await writer.compactFromLog!(documentId, { lastSeq: seq });
  const sizeMB = Y.encodeStateAsUpdate(doc).byteLength / 1e6;

  /** `edits` single-character edits at random places, appended to the log as the server would. */
  const typeEdits = async () => {
    const updates: Uint8Array[] = [];
    const onUpdate = (u: Uint8Array) => updates.push(u);
    doc.on("update", onUpdate);
    for (let i = 0; i < edits; i++) {
      const p = fragment.get(Math.floor(Math.random() * fragment.length)) as Y.XmlElement;
      (p.get(0) as Y.XmlText).insert(3, "x");
    }
    doc.off("update", onUpdate);
    const seqs = await writer.append(updates.map((data) => ({ documentId, data, userId: user.id })));
    return seqs[seqs.length - 1];
  };

  const onLoop: { stallMs: number; wallMs: number }[] = [];
  const onThread: { stallMs: number; wallMs: number }[] = [];
  for (let r = 0; r < reps; r++) {
    let lastSeq = await typeEdits();
    onLoop.push(
      await measure(async () => {
        const data = Y.encodeStateAsUpdate(doc);
        await writer.compact(documentId, { data, lastSeq, plainText: yDocPlainText(doc) });
      }),
    );
    lastSeq = await typeEdits();
    onThread.push(await measure(() => writer.compactFromLog!(documentId, { lastSeq })));
  }
  const a = { stall: median(onLoop.map((m) => m.stallMs)), wall: median(onLoop.map((m) => m.wallMs)) };
  const b = { stall: median(onThread.map((m) => m.stallMs)), wall: median(onThread.map((m) => m.wallMs)) };
  rows.push(
    `| ${sizeMB.toFixed(1)} MB | ${a.stall.toFixed(1)} | ${b.stall.toFixed(1)} | ${(b.stall / a.stall).toFixed(2)}× | ${a.wall.toFixed(0)} | ${b.wall.toFixed(0)} | ${(b.wall / a.wall).toFixed(2)}× |`,
  );
  console.log(rows[rows.length - 1]);
}

console.log(`\ncompaction of ${edits} edits, ${reps} repetitions, medians (node ${process.version}); the timer's longest gap around 200 ms of idling: ${median(idle).toFixed(1)} ms\n`);
console.log("| document | loop stall, on the loop ms | loop stall, compaction thread ms | ratio | wall, on the loop ms | wall, compaction thread ms | ratio |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const row of rows) console.log(row);

await writer.close();
await closeDb();
rmSync(dir, { recursive: true, force: true });
