import { getDb } from "../../db/client";

/**
 * The newest queued mail to `email` (the durable job's payload: what the mail:send handler hands to
 * SMTP), read straight from the test server's database. Tests use it to follow links the app mails.
 */
export async function latestMailTo(email: string, contains = ""): Promise<{ subject: string; text: string; html: string; account?: boolean } | null> {
  const jobs = getDb().withTables<{ jobs: { id: number; kind: string; payload: string } }>();
  const rows = await jobs.selectFrom("jobs").select(["payload"]).where("kind", "=", "mail:send").orderBy("id", "desc").limit(500).execute();
  for (const row of rows) {
    const mail = JSON.parse(row.payload) as { to: string; subject: string; text: string; html: string; account?: boolean };
    if (mail.to.toLowerCase() === email.toLowerCase() && mail.text.includes(contains)) return mail;
  }
  return null;
}

/** The path (with its query) of the newest address verification link mailed to `email`. */
export async function verificationPathFor(email: string): Promise<string> {
  const mail = await latestMailTo(email, "/verify-email/");
  const match = mail && /https?:\/\/[^\s]+\/verify-email\/[A-Za-z0-9_-]{43}[^\s]*/.exec(mail.text);
  if (!match) throw new Error(`no verification link was mailed to ${email}`);
  const url = new URL(match[0]);
  return url.pathname + url.search;
}
