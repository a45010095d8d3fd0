import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { ZipFile } from "yazl";
import { isLocale } from "../../common/locales";
import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";
import * as exportsQ from "../../db/queries/data-exports";
import { enqueue } from "../../db/queries/jobs";
import * as users from "../../db/queries/users";
import type { Database } from "../../db/schema";
import { format } from "../lib/i18n/messages";
import { renderMail } from "../lib/mail/templates";
import { EXPORT_SECTIONS, type ExportFile } from "./account-export-sections.server";
import { mailOrigin } from "./mail/addresses.server";

// "Download my data" (issue 27): /settings/data asks for an archive; an `account:export` job
// gathers EXPORT_SECTIONS into a ZIP (yazl, decision 0025), keeps it privately in data_exports and
// mails the person a link valid for an hour (only the token's SHA-256 is stored). The page offers
// the same archive to its signed-in owner while it is valid. A new request replaces older ones.

export const EXPORT_VALID_MS = 60 * 60 * 1000;

export const hashExportToken = (token: string) => createHash("sha256").update(token).digest("hex");

export type ExportStatus =
  | { state: "none" }
  | { state: "pending"; requestedAt: string }
  | { state: "ready"; id: string; readyAt: string; expiresAt: string; bytes: number }
  | { state: "expired"; readyAt: string };

export async function exportStatus(userId: string, nowIso = now()): Promise<ExportStatus> {
  const row = await exportsQ.latestDataExport(getDb(), userId);
  if (!row) return { state: "none" };
  if (row.status === "pending") return { state: "pending", requestedAt: row.created_at };
  if (row.status === "ready" && row.expires_at && row.expires_at > nowIso) {
    return { state: "ready", id: row.id, readyAt: row.ready_at!, expiresAt: row.expires_at, bytes: Number(row.bytes ?? 0) };
  }
  return { state: "expired", readyAt: row.ready_at ?? row.created_at };
}

/** Asks for a new archive (one pending at a time); the job is queued with the row. */
export async function requestExport(userId: string): Promise<void> {
  const db = getDb();
  const current = await exportsQ.latestDataExport(db, userId);
  if (current?.status === "pending") return;
  const id = newId();
  await db.transaction().execute(async (trx) => {
    await exportsQ.insertDataExport(trx, { id, user_id: userId, created_at: now() });
    await exportsQ.deleteDataExportsExcept(trx, userId, id);
    await enqueue(trx, "account:export", { exportId: id }, { key: `account-export:${id}` });
  });
}

/** The ZIP of the given files (yazl), with fixed times so the same data makes the same bytes. */
export function zipFiles(files: ExportFile[], mtime: Date): Promise<Buffer> {
  const zip = new ZipFile();
  for (const f of files) zip.addBuffer(Buffer.from(f.content, "utf8"), f.path, { mtime });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on("error", reject);
  });
}

/** The `account:export` job: builds the archive, stores it and mails the link. */
export async function runExport(db: Kysely<Database>, exportId: string, at: Date): Promise<void> {
  const row = await exportsQ.findDataExport(db, exportId);
  if (!row || row.status !== "pending") return;
  const user = await users.findUserById(db, row.user_id);
  if (!user || user.deleted_at) return;
  const files: ExportFile[] = [];
  for (const section of EXPORT_SECTIONS) files.push(...(await section.collect(db, user.id)));
  files.unshift({
    path: "README.md",
    content: `# ${user.name}\n\nExported ${at.toISOString()} from ${mailOrigin()}.\n\n${files.map((f) => `- ${f.path}`).join("\n")}\n`,
  });
  const archive = await zipFiles(files, at);
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(at.getTime() + EXPORT_VALID_MS).toISOString();
  const locale = isLocale(user.language) ? user.language : "en";
  const rendered = renderMail({
    locale,
    recipientName: user.name,
    headline: format(locale, "accountData.mail.headline"),
    excerpt: format(locale, "accountData.mail.excerpt"),
    actionUrl: `${mailOrigin()}/settings/data/download/${token}`,
    actionLabel: format(locale, "accountData.mail.action"),
    why: format(locale, "accountData.mail.why"),
  });
  await db.transaction().execute(async (trx) => {
    await exportsQ.completeDataExport(trx, exportId, { token_hash: hashExportToken(token), archive, bytes: archive.length, ready_at: at.toISOString(), expires_at: expiresAt });
    await enqueue(trx, "mail:send", { to: user.email, ...rendered }, { key: `account-export-mail:${exportId}` });
  });
}

export type ExportDownload = { ok: true; archive: Buffer; fileName: string } | { ok: false; status: 404 | 410 };

/** The archive for its signed-in owner, by the page's id or the mailed token, while it is valid. */
export async function downloadExport(userId: string, by: { id: string } | { token: string }, nowIso = now()): Promise<ExportDownload> {
  const row = await exportsQ.findDataExportArchive(getDb(), "id" in by ? { userId, id: by.id } : { userId, tokenHash: hashExportToken(by.token) });
  if (!row || row.status !== "ready") return { ok: false, status: 404 };
  if (!row.archive || !row.expires_at || row.expires_at <= nowIso) return { ok: false, status: 410 };
  return { ok: true, archive: Buffer.from(row.archive), fileName: `my-data-${row.created_at.slice(0, 10)}.zip` };
}
