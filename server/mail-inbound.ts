import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import type { Logger } from "pino";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import type { Config } from "../app/lib/config.server";
import { mailDomain } from "../app/models/mail/addresses.server";
import { acceptsRecipient, receiveMail, type InboundMail } from "../app/models/mail/inbound.server";

/**
 * The app's own SMTP receiver (issue 22), on MAIL_INBOUND_PORT behind the site's MTA, which does
 * TLS, spam filtering and sender authentication (it adds Authentication-Results) and relays mail
 * for MAIL_DOMAIN here (README: "Mail in"). smtp-server speaks SMTP; mailparser reads the MIME.
 * Recipients outside MAIL_DOMAIN, or with a local part we never hand out, are refused at RCPT
 * (550: the MTA answers the sender, and nothing is read). A message past MAIL_INBOUND_MAX_BYTES
 * is refused with 552. A message we fail to handle (database down…) answers 451, so the MTA
 * keeps it and tries again: nothing is lost, and handling is once per Message-ID and recipient.
 */
export interface InboundMailServer {
  port: number;
  close(): Promise<void>;
}

class SmtpError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}

const addressesOf = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value);

/** The parts of a parsed message the model reads. */
export function toInboundMail(parsed: ParsedMail, envelopeFrom: string, fallbackId: string): InboundMail {
  const headers: Record<string, string> = {};
  for (const line of parsed.headerLines) {
    const name = line.key.toLowerCase();
    if (headers[name] !== undefined) continue;
    headers[name] = line.line.slice(line.line.indexOf(":") + 1).replace(/\r?\n[ \t]+/g, " ").trim();
  }
  const from = addressesOf(parsed.from)[0]?.address?.toLowerCase() ?? null;
  const text = parsed.text ?? (typeof parsed.html === "string" ? parsed.html.replace(/<[^>]*>/g, " ") : "");
  return {
    envelopeFrom,
    from,
    subject: parsed.subject ?? "",
    text,
    attachments: parsed.attachments.filter((a) => a.contentDisposition !== "inline" || !a.related).length,
    messageId: (parsed.messageId ?? fallbackId).replace(/^<|>$/g, "").slice(0, 300),
    headers,
  };
}

export async function startInboundMail(config: Config, log: Logger): Promise<InboundMailServer | null> {
  if (config.MAIL_INBOUND_PORT === undefined) return null;
  const domain = mailDomain();
  const server = new SMTPServer({
    name: domain,
    banner: "Coalition Workspace",
    size: config.MAIL_INBOUND_MAX_BYTES,
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const [local, at] = splitAddress(address.address);
      if (at !== domain) return callback(new SmtpError(`5.7.1 relaying to <${address.address}> is not allowed`, 550));
      acceptsRecipient(local).then(
        (ok) => callback(ok ? undefined : new SmtpError(`5.1.1 <${address.address}>: no such address`, 550)),
        (error: unknown) => (log.error({ err: error }, "inbound mail: recipient check failed"), callback(new SmtpError("4.3.0 temporary failure, try again later", 451))),
      );
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      void receive(stream, session).then(
        () => callback(),
        (error: unknown) => callback(error instanceof SmtpError ? error : (log.error({ err: error }, "inbound mail: failed, asking the sender's MTA to retry"), new SmtpError("4.3.0 temporary failure, try again later", 451))),
      );
    },
  });

  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const parsed = await simpleParser(stream);
    if (stream.sizeExceeded) throw new SmtpError(`5.3.4 message larger than ${config.MAIL_INBOUND_MAX_BYTES} bytes`, 552);
    const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
    const mail = toInboundMail(parsed, envelopeFrom, `${session.id}@${domain}`);
    for (const rcpt of session.envelope.rcptTo) {
      const outcome = await receiveMail(mail, rcpt.address);
      log.info({ messageId: mail.messageId, to: rcpt.address, outcome: outcome.kind, ...("why" in outcome ? { why: outcome.why } : {}) }, "inbound mail");
    }
  }

  server.on("error", (error) => log.warn({ err: error }, "inbound mail: connection error"));
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(config.MAIL_INBOUND_PORT, config.MAIL_INBOUND_HOST, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  log.info({ port, host: config.MAIL_INBOUND_HOST, domain }, "inbound mail listening");
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function splitAddress(address: string): [string, string] {
  const at = address.lastIndexOf("@");
  return at < 0 ? [address.toLowerCase(), ""] : [address.slice(0, at).toLowerCase(), address.slice(at + 1).toLowerCase()];
}
