import { pathToFileURL } from "node:url";
import { BackupError, backupSqlite } from "../db/backup";
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from "../db/client";

// `npm run backup -- backup/workspace-2026-12-07.db`: a consistent copy of the SQLite database
// while the app runs and people type (VACUUM INTO; see db/backup.ts). Uses DATABASE_URL.

const USAGE = "Usage: npm run backup -- FILE   (FILE must not exist yet, e.g. backup/workspace-$(date +%F).db)";

/** Runs the command; returns the process exit code (0 done, 1 failed, 2 usage or not SQLite). */
export function main(args: string[], env: Record<string, string | undefined> = process.env): number {
  const files = args.filter((a) => a !== "--");
  if (files.length !== 1 || files[0].startsWith("-")) {
    console.error(USAGE);
    return 2;
  }
  const url = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const parsed = parseDatabaseUrl(url);
  if (parsed.kind === "postgres") {
    console.error(
      "DATABASE_URL is a PostgreSQL database: back it up with PostgreSQL's own tools, e.g.\n" +
        "  pg_dump -Fc --dbname=\"$DATABASE_URL\" --file=workspace-$(date +%F).dump\n" +
        "and restore with pg_restore (see the README, Operations → Backups).",
    );
    return 2;
  }
  if (parsed.path === ":memory:") {
    console.error("DATABASE_URL is an in-memory database: there is nothing on disk to back up.");
    return 2;
  }
  try {
    const result = backupSqlite(parsed.path!, files[0]);
    console.log(`Backed up ${parsed.path} to ${result.file} (${(result.bytes / 1024 / 1024).toFixed(1)} MB, ${result.ms} ms, integrity ok).`);
    return 0;
  } catch (error) {
    console.error(error instanceof BackupError ? error.message : `Backup failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exit(main(process.argv.slice(2)));
}
