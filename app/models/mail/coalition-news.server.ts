import { localeOrDefault } from "../../../common/locales";
import { findCoalitionById } from "../../../db/queries/coalitions";
import { enqueue } from "../../../db/queries/jobs";
import { listImmediateRecipients } from "../../../db/queries/mail-preferences";
import { findThreadById } from "../../../db/queries/threads";
import { findUserById, type Executor } from "../../../db/queries/users";
import type { Coalition } from "../../../db/schema";
import { t } from "../../lib/i18n/messages";
import { inLocale } from "../../lib/i18n/request-locale.server";
import { composeCoalitionMail, type CoalitionMailInput } from "./compose.server";

// A new thread or a newly published output is news for the whole coalition. The change's own
// transaction enqueues one fan-out job (mail:thread-started / mail:output-published); that job,
// run later by the job runner, enqueues one mail:send per member who chose "immediately" for the
// coalition, each with a key, so a fan-out that is run again never mails anyone twice.
// Members who chose a digest get it in their digest (digest.server.ts), the others nothing.
// Each mail is written, when the fan-out runs, in its recipient's language (users.language ?? "en").

const EXCERPT_MAX = 2000;

function excerpt(text: string): string {
  return text.length > EXCERPT_MAX ? `${text.slice(0, EXCERPT_MAX - 1)}…` : text;
}

/**
 * One mail per member who wants the coalition's news at once (except its author), each written
 * in the recipient's language and enqueued under `key:<recipient>` so a re-run mails no one twice.
 */
async function mailEachAtOnce(
  db: Executor,
  coalition: Coalition,
  authorId: string | null,
  key: string,
  /** The mail's content, built inside the recipient's language (`t` speaks it). */
  compose: () => Omit<CoalitionMailInput, "to" | "coalition" | "locale" | "scope">,
): Promise<number> {
  let sent = 0;
  for (const { language, ...to } of await listImmediateRecipients(db, coalition.id, authorId)) {
    const locale = localeOrDefault(language);
    const mail = await inLocale(locale, () => composeCoalitionMail(db, { to, coalition, locale, scope: { coalitionId: coalition.id }, ...compose() }));
    if (await enqueue(db, "mail:send", mail, { key: `${key}:${to.id}` })) sent++;
  }
  return sent;
}

export async function fanOutThreadStarted(db: Executor, threadId: string): Promise<number> {
  const thread = await findThreadById(db, threadId);
  if (!thread) return 0;
  const coalition = await findCoalitionById(db, thread.coalition_id);
  if (!coalition || coalition.archived_at) return 0;
  const first = await db.selectFrom("posts").select(["body", "author_id"]).where("thread_id", "=", threadId).where("number", "=", 1).executeTakeFirst();
  const author = thread.author_id ? await findUserById(db, thread.author_id) : undefined;
  const path = `/coalitions/${coalition.slug}/threads/${thread.id}`;
  const isPublic = coalition.visibility === "public" && thread.audience === "public";
  return mailEachAtOnce(db, coalition, thread.author_id, `thread-started:${thread.id}`, () => ({
    content: {
      headline: t("mail.threadStarted.headline", { author: author?.name ?? t("mail.someone"), title: thread.title }),
      excerpt: first?.body ? excerpt(first.body) : null,
      path,
      actionLabel: t("mail.threadStarted.action"),
      why: t("mail.news.why", { coalition: coalition.name }),
    },
    publicPath: isPublic ? path : null,
    thread: { id: thread.id, first: true },
  }));
}

export async function fanOutOutputPublished(db: Executor, versionId: string): Promise<number> {
  const version = await db
    .selectFrom("document_versions as v")
    .innerJoin("documents as d", "d.id", "v.document_id")
    .select(["v.id", "v.coalition_id", "v.number", "v.label", "v.note", "v.published_by", "v.withdrawn_at", "d.title"])
    .where("v.id", "=", versionId)
    .executeTakeFirst();
  if (!version || version.withdrawn_at) return 0;
  const coalition = await findCoalitionById(db, version.coalition_id);
  if (!coalition || coalition.archived_at) return 0;
  const publisher = await findUserById(db, version.published_by);
  const path = `/coalitions/${coalition.slug}/outputs/${version.id}`;
  return mailEachAtOnce(db, coalition, version.published_by, `output-published:${version.id}`, () => ({
    content: {
      headline: t("mail.outputPublished.headline", { publisher: publisher?.name ?? t("mail.someone"), title: version.title, number: version.number, label: version.label }),
      excerpt: version.note ? excerpt(version.note) : null,
      path,
      actionLabel: t("mail.outputPublished.action"),
      why: t("mail.news.why", { coalition: coalition.name }),
    },
    publicPath: coalition.visibility === "public" ? path : null,
  }));
}
