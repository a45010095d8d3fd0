import type { MailPayload } from "../../../common/job-kinds";
import { addressMailable } from "../../../db/queries/email-verifications";
import type { Executor } from "../../../db/queries/users";

/**
 * THE recipient rule every mail passes at send time (the mail:send handler asks it): an account's
 * address not yet verified gets no mail but account mail (verification link, sign-up notice,
 * password reset). Addresses of no account (invitations, answers to inbound mail) are not affected.
 * Fan-out queries also leave unverified members out (listImmediateRecipients), so they queue
 * nothing; this check is the net for every other and every later kind of mail.
 */
export async function mayDeliver(db: Executor, mail: Pick<MailPayload, "to" | "account">): Promise<boolean> {
  return mail.account === true || (await addressMailable(db, mail.to));
}
