import type { MailTransport } from "../../app/lib/mail/transport.server";
import { runDeletion } from "../../app/models/account-deletion.server";
import { runExport } from "../../app/models/account-export.server";
import { fanOutOutputPublished, fanOutThreadStarted } from "../../app/models/mail/coalition-news.server";
import { sendDigest } from "../../app/models/mail/digest.server";
import { askToReconfirm } from "../../app/models/endorsement-reconfirm.server";
import { consultationMail } from "../../app/models/mail/consultation-mail.server";
import { mayDeliver } from "../../app/models/mail/recipients.server";
import { closeDueDecision } from "../../app/models/decisions.server";
import { fanOutDecision, remindDecision } from "../../app/models/mail/decision-mail.server";
import type { JobHandlers } from "./queue";

/**
 * THE handler of each durable job kind (common/job-kinds.ts lists the kinds; a missing handler
 * does not compile). A handler throws to have its job retried.
 */
export function jobHandlers(deps: { mail: MailTransport }): JobHandlers {
  return {
    // An account's unverified address gets only account mail (app/models/mail/recipients.server.ts).
    "mail:send": async (mail, { db }) => void ((await mayDeliver(db, mail)) && (await deps.mail.send(mail))),
    // A fan-out writes its mails in one transaction: all of them are queued, or (on a failure) none.
    "mail:thread-started": ({ threadId }, { db }) => db.transaction().execute(async (trx) => void (await fanOutThreadStarted(trx, threadId))),
    "mail:output-published": ({ versionId }, { db }) => db.transaction().execute(async (trx) => void (await fanOutOutputPublished(trx, versionId))),
    "mail:digest": (payload, { db, now }) => db.transaction().execute(async (trx) => void (await sendDigest(trx, payload, now))),
    "endorsements:reconfirm": ({ versionId }, { db }) => db.transaction().execute(async (trx) => void (await askToReconfirm(trx, versionId))),
    "mail:consultation": (payload, { db }) => db.transaction().execute(async (trx) => void (await consultationMail(trx, payload))),
    "account:export": ({ exportId }, { db, now }) => runExport(db, exportId, now),
    "account:delete": async (payload, { db, now }) => void (await runDeletion(db, payload, now)),
    // Decisions on a version (issue 24): closed at the deadline by the runner's clock.
    "decision:close": async ({ decisionId }, { db, now }) => void (await closeDueDecision(db, decisionId, now)),
    "decision:remind": ({ decisionId }, { db }) => db.transaction().execute(async (trx) => void (await remindDecision(trx, decisionId))),
    "mail:decision": ({ decisionId, event }, { db }) => db.transaction().execute(async (trx) => void (await fanOutDecision(trx, decisionId, event))),
    noop: async () => {},
  };
}
