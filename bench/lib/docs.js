// The persisted documents the load scenarios start from, and writing them into each server's own
// storage so every server loads the same content from its natural form:
//   ours        snapshot row (what compaction leaves), and a "cold-log" document stored as a
//               snapshot plus the longest tail compaction allows by default (2,000 update rows)
//   Hocuspocus  one row in the SQLite extension's "documents" table (it only stores snapshots)
//   y-websocket y-leveldb holding every update (y-websocket stores each update and compacts only
//               when it loads the document again)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import Database from "better-sqlite3";
import { LeveldbPersistence } from "y-leveldb";
import { APP_ROOT } from "./servers.js";

export const SENTINEL = "~END-OF-DOCUMENT~";

function pack(updates) {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, updates.length);
  for (const u of updates) encoding.writeVarUint8Array(enc, u);
  return encoding.toUint8Array(enc);
}

function unpack(buf) {
  const dec = decoding.createDecoder(buf);
  const n = decoding.readVarUint(dec);
  return Array.from({ length: n }, () => decoding.readVarUint8Array(dec));
}

/**
 * A document typed one character at a time: `edits` single-character edits (90% inserts, 10%
 * deletes) at random positions by 5 writers, then the sentinel appended. Cached in cacheDir.
 */
export function typedDoc(edits, cacheDir) {
  const file = join(cacheDir, `typed-${edits}.bin`);
  if (existsSync(file)) return finish(unpack(readFileSync(file)));
  const doc = new Y.Doc();
  const text = doc.getText("t");
  const updates = [];
  doc.on("update", (u) => updates.push(u));
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const writers = [1001, 1002, 1003, 1004, 1005];
  const letters = "abcdefghijklmnopqrstuvwxyz     ";
  for (let i = 0; i < edits; i++) {
    doc.clientID = writers[i % writers.length];
    const len = text.length;
    if (len > 10 && rand() < 0.1) text.delete(Math.floor(rand() * len), 1);
    else text.insert(Math.floor(rand() * (len + 1)), letters[Math.floor(rand() * letters.length)]);
  }
  doc.clientID = writers[0];
  text.insert(text.length, SENTINEL);
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(file, pack(updates));
  return finish(updates);
}

/** A document of about `bytes` characters appended in 1 KiB chunks by 4 writers, then the sentinel. */
export function bigDoc(bytes) {
  const doc = new Y.Doc();
  const text = doc.getText("t");
  const chunk = "lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(18).slice(0, 1024);
  for (let i = 0; i * 1024 < bytes; i++) {
    doc.clientID = 2001 + (i % 4);
    text.insert(text.length, chunk);
  }
  text.insert(text.length, SENTINEL);
  const state = Y.encodeStateAsUpdate(doc);
  return { updates: [state], state, chars: text.length };
}

/** The merged state of a list of updates. */
export function stateOf(updates) {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return Y.encodeStateAsUpdate(doc);
}

function finish(updates) {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return { updates, state: Y.encodeStateAsUpdate(doc), chars: doc.getText("t").length };
}

/**
 * Creates our server's template database: fixture (users, sessions, documents) via the app's own
 * modules, then the prepared documents as snapshots (and one as a raw update log).
 */
export function oursTemplate(dir, { users, docNames, snapshots, logs }) {
  mkdirSync(dir, { recursive: true });
  const dbFile = join(dir, "ours.db");
  const out = execFileSync("node", ["--import", "tsx", "bench/our-fixture.ts", String(users), ...docNames], {
    cwd: APP_ROOT,
    env: { ...process.env, DATABASE_URL: `file:${dbFile}`, APP_ORIGIN: "http://127.0.0.1:1", LOG_LEVEL: "silent" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const fixture = JSON.parse(out);
  const db = new Database(dbFile);
  const t = new Date().toISOString();
  const snap = db.prepare("INSERT INTO document_snapshots (document_id, data, last_seq, updated_at) VALUES (?, ?, 0, ?)");
  const log = db.prepare("INSERT INTO document_updates (document_id, data, user_id, created_at) VALUES (?, ?, NULL, ?)");
  db.transaction(() => {
    for (const [name, state] of Object.entries(snapshots)) snap.run(fixture.documents[name], Buffer.from(state), t);
    for (const [name, updates] of Object.entries(logs)) for (const u of updates) log.run(fixture.documents[name], Buffer.from(u), t);
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  writeFileSync(join(dir, "fixture.json"), JSON.stringify(fixture));
  return fixture;
}

/** Hocuspocus: one snapshot row per document, in the extension's own table. */
export function hocuspocusTemplate(dir, docs) {
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, "hp.sqlite"));
  db.exec(`CREATE TABLE IF NOT EXISTS "documents" ("name" varchar(255) NOT NULL, "data" blob NOT NULL, UNIQUE(name))`);
  const ins = db.prepare(`INSERT INTO "documents" ("name", "data") VALUES (?, ?)`);
  db.transaction(() => {
    for (const [name, state] of Object.entries(docs)) ins.run(name, Buffer.from(state));
  })();
  db.close();
}

/** y-leveldb: every update stored as y-websocket would have stored it while people typed. */
export async function leveldbTemplate(dir, docs) {
  mkdirSync(dir, { recursive: true });
  const ldb = new LeveldbPersistence(join(dir, "ldb"));
  for (const [name, updates] of Object.entries(docs)) {
    for (const u of updates) await ldb.storeUpdate(name, u);
  }
  await ldb.destroy();
}
