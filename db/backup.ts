import { closeSync, constants, copyFileSync, existsSync, fsyncSync, linkSync, openSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import SQLite from "better-sqlite3";

/**
 * A consistent copy of a live SQLite database, taken with `VACUUM INTO`.
 *
 * SQLite's online backup API (`sqlite3 … ".backup"`, better-sqlite3's `backup()`) copies pages in
 * steps and starts over whenever another connection writes in between: with people typing (one
 * commit per keystroke batch) it never finishes. `VACUUM INTO` instead reads the whole database in
 * one read transaction: in WAL mode that is a snapshot that writers do not disturb and are not held
 * up by, so it finishes in the time it takes to read the file, however busy the app is.
 *
 * The copy is written beside the target under a temporary name, checked (`PRAGMA
 * integrity_check`), flushed to disk, and only then given the target's name (a hard link, which
 * fails rather than replace a file that appeared meanwhile): a file with the target's name is
 * always a complete, checked backup.
 */

export class BackupError extends Error {}

export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
}

function fsyncPath(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Names the finished copy without ever replacing an existing file. */
function giveName(temporary: string, target: string): void {
  try {
    linkSync(temporary, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new BackupError(`${target} appeared while the backup was taken: it was left alone.`);
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EXDEV") throw error;
    // File systems without hard links: an exclusive copy, flushed.
    copyFileSync(temporary, target, constants.COPYFILE_EXCL);
    fsyncPath(target);
  }
}

export function backupSqlite(sourcePath: string, targetPath: string): BackupResult {
  const source = resolve(sourcePath);
  const target = resolve(targetPath);
  if (!existsSync(source)) throw new BackupError(`There is no database at ${source}.`);
  if (existsSync(target)) throw new BackupError(`${target} already exists: choose a new file name (a backup never overwrites a file).`);
  if (!existsSync(dirname(target))) throw new BackupError(`The folder ${dirname(target)} does not exist.`);
  const temporary = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  const started = performance.now();
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    db.prepare("VACUUM INTO ?").run(temporary);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  } finally {
    db.close();
  }
  try {
    const copy = new SQLite(temporary, { readonly: true, fileMustExist: true });
    try {
      const result = copy.pragma("integrity_check", { simple: true });
      if (result !== "ok") throw new BackupError(`The copy failed SQLite's integrity check (${String(result)}); nothing was written to ${target}.`);
    } finally {
      copy.close();
    }
    fsyncPath(temporary);
    giveName(temporary, target);
    fsyncPath(dirname(target));
  } finally {
    rmSync(temporary, { force: true });
  }
  return { file: target, bytes: statSync(target).size, ms: Math.round(performance.now() - started) };
}
