import type { MailTransport } from "../../app/lib/mail/transport.server";
import type { JobHandlers } from "./queue";

/**
 * THE handler of each durable job kind (common/job-kinds.ts lists the kinds; a missing handler
 * does not compile). A handler throws to have its job retried.
 */
export function jobHandlers(deps: { mail: MailTransport }): JobHandlers {
  return {
    "mail:send": (mail) => deps.mail.send(mail),
    noop: async () => {},
  };
}
