import nodemailer, { type Transporter } from "nodemailer";
import type { MailPayload } from "../../../common/job-kinds";

/** A header value as one line of printable ASCII (anything else dropped: no header injection). */
function asciiLine(value: string): string {
  return value.replace(/[^\x20-\x7e]+/g, "");
}

/** Hands a rendered mail to SMTP; throws when the server refuses it (the job then retries). */
export interface MailTransport {
  send(mail: MailPayload): Promise<void>;
  close(): void;
}

export interface MailLog {
  info(obj: object, msg: string): void;
}

/**
 * The outgoing mail transport: nodemailer over SMTP_URL, or, when SMTP_URL is unset (development,
 * a fresh install), the mail written to the log as JSON (recipient, subject, headers, text part)
 * and counted as sent.
 */
export function createMailTransport(options: { smtpUrl?: string; from: string; log: MailLog; connections?: number }): MailTransport {
  if (!options.smtpUrl) {
    return {
      async send(mail) {
        options.log.info({ to: mail.to, subject: mail.subject, headers: mail.headers, messageId: mail.messageId, text: mail.text }, "mail (SMTP_URL unset: logged, not sent)");
      },
      close() {},
    };
  }
  // A pool of open connections, each carrying many mails (no new connection and greeting per mail);
  // what SMTP_URL's query sets (e.g. ?pool=false) wins.
  const transport: Transporter = nodemailer.createTransport({ url: options.smtpUrl, pool: true, maxConnections: options.connections ?? 5, maxMessages: 100 });
  return {
    async send(mail) {
      // nodemailer sets the threading headers itself from its own options.
      const { "In-Reply-To": inReplyTo, References: references, "Reply-To": replyTo, ...list } = mail.headers ?? {};
      await transport.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        // Our list and thread headers are ASCII already (URLs, ids): sent as they are, not encoded.
        headers: Object.fromEntries(Object.entries(list).map(([k, v]) => [k, { prepared: true, value: asciiLine(v) }])),
        ...(mail.messageId ? { messageId: `<${mail.messageId}>` } : {}),
        ...(inReplyTo ? { inReplyTo } : {}),
        ...(references ? { references } : {}),
        ...(replyTo ? { replyTo } : {}),
      });
    },
    close: () => transport.close(),
  };
}
