import type { MailTransport } from "../../app/lib/mail/transport.server";
import { fanOutOutputPublished, fanOutThreadStarted } from "../../app/models/mail/coalition-news.server";
import { sendDigest } from "../../app/models/mail/digest.server";
import { closeDueDecision } from "../../app/models/decisions.server";
import { fanOutDecision, remindDecision } from "../../app/models/mail/decision-mail.server";
import type { JobHandlers } from "./queue";

/**
 * THE handler of each durable job kind (common/job-kinds.ts lists the kinds; a missing handler
 * does not compile). A handler throws to have its job retried.
 */
export function jobHandlers(deps: { mail: MailTransport }): JobHandlers {
  return {
    "mail:send": (mail) => deps.mail.send(mail),
    // A fan-out writes its mails in one transaction: all of them are queued, or (on a failure) none.
    "mail:thread-started": ({ threadId }, { db }) => db.transaction().execute(async (trx) => void (await fanOutThreadStarted(trx, threadId))),
    "mail:output-published": ({ versionId }, { db }) => db.transaction().execute(async (trx) => void (await fanOutOutputPublished(trx, versionId))),
    "mail:digest": (payload, { db, now }) => db.transaction().execute(async (trx) => void (await sendDigest(trx, payload, now))),
    // Decisions on a version (issue 24): closed at the deadline by the runner's clock.
    "decision:close": async ({ decisionId }, { db, now }) => void (await closeDueDecision(db, decisionId, now)),
    "decision:remind": ({ decisionId }, { db }) => db.transaction().execute(async (trx) => void (await remindDecision(trx, decisionId))),
    "mail:decision": ({ decisionId, event }, { db }) => db.transaction().execute(async (trx) => void (await fanOutDecision(trx, decisionId, event))),
    noop: async () => {},
  };
}
