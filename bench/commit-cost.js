#!/usr/bin/env node
// What one durable commit of a small edit costs on this machine's disk, against the same commit
// without the flush: a `synchronous = FULL` SQLite commit of one row shaped like our update log,
// the same with `NORMAL`, and two ways a write-ahead journal of our own could make 40 bytes durable
// (pwrite + fdatasync into a preallocated file; pwrite on an O_DSYNC descriptor).
//
//   node commit-cost.js [--ops 1500] [--gap-ms 1] [--dir ../.cache/commit-cost]
//
// One process, one operation at a time with a pause between (as commits come under a steady stream);
// latency p50/p99 and the process CPU per operation (user + system, measured around each operation
// only). The directory must be on the disk the server's database lives on.
import { closeSync, constants, fsyncSync, fdatasyncSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const ops = Number(opt("ops", 1500));
const gapMs = Number(opt("gap-ms", 1));
if (!(ops >= 100) || !(gapMs >= 0)) throw new Error("--ops must be at least 100 and --gap-ms at least 0");
const dir = resolve(opt("dir", join(fileURLToPath(import.meta.url), "../../.cache/commit-cost")));
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const spin = (ms) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

function measure(name, op) {
  const ms = [];
  let cpuUs = 0;
  for (let i = 0; i < ops; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    op(i);
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuUs += c.user + c.system;
    spin(gapMs);
  }
  ms.sort((a, b) => a - b);
  const at = (q) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
  return { name, p50: at(0.5), p99: at(0.99), cpuUsPerOp: cpuUs / ops };
}

const row = Buffer.alloc(40, 7);
const results = [];

const db = new Database(join(dir, "log.db"));
db.pragma("journal_mode = WAL");
db.pragma("foreign_keys = ON");
db.exec(
  "create table documents (id text primary key); insert into documents values ('d');" +
    "create table document_updates (seq integer primary key autoincrement, document_id text not null references documents(id), data blob not null, user_id text, created_at text not null);" +
    "create index document_updates_doc_idx on document_updates (document_id, seq);",
);
const insert = db.prepare("insert into document_updates (document_id, data, user_id, created_at) values ('d', ?, 'u', ?)");
const commit = db.transaction(() => insert.run(row, new Date().toISOString()));
for (const level of ["FULL", "NORMAL"]) {
  db.pragma(`synchronous = ${level}`);
  results.push(measure(`SQLite commit, synchronous=${level}`, () => commit()));
}
db.close();

// A preallocated journal (written and synced once), so a write changes no file size.
const journal = join(dir, "journal");
const SIZE = 4 << 20;
{
  const fd = openSync(journal, "w");
  const block = Buffer.alloc(1 << 16);
  for (let off = 0; off < SIZE; off += block.length) writeSync(fd, block, 0, block.length, off);
  fsyncSync(fd);
  closeSync(fd);
}
const at = (i) => (i * 64) % SIZE;
{
  const fd = openSync(journal, "r+");
  results.push(measure("journal: pwrite + fdatasync", (i) => {
    writeSync(fd, row, 0, row.length, at(i));
    fdatasyncSync(fd);
  }));
  closeSync(fd);
}
{
  const fd = openSync(journal, constants.O_RDWR | constants.O_DSYNC);
  results.push(measure("journal: pwrite, O_DSYNC", (i) => writeSync(fd, row, 0, row.length, at(i))));
  closeSync(fd);
}
rmSync(dir, { recursive: true, force: true });

console.log(`${ops} operations, ${gapMs} ms apart, in ${dir}`);
console.log("| operation | p50 ms | p99 ms | CPU µs per operation |");
console.log("|---|---:|---:|---:|");
for (const r of results) console.log(`| ${r.name} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} | ${r.cpuUsPerOp.toFixed(0)} |`);
