import { localeOrDefault } from "../../../common/locales";
import type { CoalitionRole } from "../../../common/roles";
import { findCoalitionById } from "../../../db/queries/coalitions";
import { findDecisionById, listDecisionRecipients, type DecisionRecipient } from "../../../db/queries/decisions";
import { enqueue } from "../../../db/queries/jobs";
import type { Executor } from "../../../db/queries/users";
import type { Coalition } from "../../../db/schema";
import { kindWord } from "../../lib/decisions";
import { formatTime } from "../../lib/format-time";
import { t } from "../../lib/i18n/messages";
import { inLocale } from "../../lib/i18n/request-locale.server";
import { outcomeStatement } from "../decision-results.server";
import { composeCoalitionMail, type CoalitionMailInput } from "./compose.server";

// Mail about decisions on a version (issue 24), through the job runner and the coalition mail
// preferences: the opening and the outcome to participants who want the coalition's news at once
// (mail:decision), and 24 h before the deadline a reminder to participants who have not taken
// part and have not turned the coalition's mail off (decision:remind). Each mail:send has a key,
// so a job that runs again mails no one twice; each is written in its recipient's language.

type Content = Omit<CoalitionMailInput, "to" | "coalition" | "locale" | "scope">;

const rolesOf = (observers: number): CoalitionRole[] => (observers ? ["observer", "member", "coordinator"] : ["member", "coordinator"]);

async function mailEach(db: Executor, coalition: Coalition, recipients: DecisionRecipient[], key: string, compose: () => Content): Promise<number> {
  let sent = 0;
  for (const { language, ...to } of recipients) {
    const locale = localeOrDefault(language);
    const mail = await inLocale(locale, () => composeCoalitionMail(db, { to, coalition, locale, scope: { coalitionId: coalition.id }, ...compose() }));
    if (await enqueue(db, "mail:send", mail, { key: `${key}:${to.id}` })) sent++;
  }
  return sent;
}

async function load(db: Executor, decisionId: string) {
  const d = await findDecisionById(db, decisionId);
  if (!d) return null;
  const coalition = await findCoalitionById(db, d.coalition_id);
  if (!coalition || coalition.archived_at) return null;
  const path = `/coalitions/${coalition.slug}/decisions/${d.id}`;
  return { d, coalition, path, publicPath: coalition.visibility === "public" ? path : null };
}

/** The job mail:decision: the opening or the outcome, to those who want the coalition's mail at once. */
export async function fanOutDecision(db: Executor, decisionId: string, event: "opened" | "closed"): Promise<number> {
  const loaded = await load(db, decisionId);
  if (!loaded) return 0;
  const { d, coalition, path, publicPath } = loaded;
  const recipients = await listDecisionRecipients(db, { coalitionId: d.coalition_id, roles: rolesOf(d.observers), delivery: "immediate", exceptUserId: event === "opened" ? d.opened_by : null });
  const question = () => d.question || d.document_title;
  return mailEach(db, coalition, recipients, `decision-${event}:${d.id}`, () =>
    event === "opened"
      ? {
          content: {
            headline: t("decisions.mail.openedHeadline", { kind: kindWord(d.kind), question: question(), number: d.version_number }),
            excerpt: t("decisions.mail.deadline", { deadline: formatTime(d.deadline_at) }),
            path,
            actionLabel: t("decisions.mail.takePart"),
            why: t("mail.news.why", { coalition: coalition.name }),
          },
          publicPath,
        }
      : {
          content: {
            headline: t("decisions.mail.closedHeadline", { question: question() }),
            excerpt: outcomeStatement(d),
            path,
            actionLabel: t("decisions.mail.seeOutcome"),
            why: t("mail.news.why", { coalition: coalition.name }),
          },
          publicPath,
        },
  );
}

/** The job decision:remind: a day before the deadline, to participants who have not taken part yet. */
export async function remindDecision(db: Executor, decisionId: string): Promise<number> {
  const loaded = await load(db, decisionId);
  if (!loaded || loaded.d.closed_at) return 0;
  const { d, coalition, path, publicPath } = loaded;
  const recipients = await listDecisionRecipients(db, { coalitionId: d.coalition_id, roles: rolesOf(d.observers), delivery: "notOff", exceptTaken: d.id });
  return mailEach(db, coalition, recipients, `decision-remind:${d.id}`, () => ({
    content: {
      headline: t("decisions.mail.remindHeadline", { question: d.question || d.document_title, deadline: formatTime(d.deadline_at) }),
      excerpt: null,
      path,
      actionLabel: t("decisions.mail.takePart"),
      why: t("decisions.mail.remindWhy", { coalition: coalition.name }),
    },
    publicPath,
  }));
}
