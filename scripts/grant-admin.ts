import { pathToFileURL } from "node:url";
import { parseConfig } from "../app/lib/config.server";
import { grantSiteAdmin } from "../app/models/auth.server";
import { closeDb, openDatabase, setDb } from "../db/client";
import { migrateToLatest } from "../db/migrate";

// `npm run admin:grant -- someone@example.org`: makes an existing account a site administrator.

const USAGE = "Usage: npm run admin:grant -- someone@example.org";

/** Runs the command; returns the process exit code (0 done, 1 no such account, 2 usage). */
export async function main(args: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const email = args.find((a) => !a.startsWith("-"))?.trim();
  if (!email || args.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const config = parseConfig(env);
  const handle = setDb(openDatabase(config.DATABASE_URL, { pgPoolSize: config.PG_POOL_SIZE }));
  try {
    await migrateToLatest(handle.db);
    if (!(await grantSiteAdmin(email))) {
      console.error(`No account uses the email address ${email}. The person must sign up first, then run this again.`);
      return 1;
    }
    console.log(`${email.toLowerCase()} is now a site administrator (database: ${handle.kind}).`);
    return 0;
  } finally {
    await closeDb();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
