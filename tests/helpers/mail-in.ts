import { createTransport } from "nodemailer";

/** Hands a message to an SMTP server as an MTA would: envelope plus raw RFC 5322 text. */
export async function deliver(port: number, envelope: { from: string; to: string[] }, raw: string): Promise<{ accepted: string[]; rejected: string[]; response: string }> {
  const transport = createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail({ envelope, raw });
    return { accepted: info.accepted.map(String), rejected: info.rejected.map(String), response: info.response };
  } finally {
    transport.close();
  }
}

/** A plain-text message with the given headers (CRLF line ends, as on the wire). */
export function message(headers: Record<string, string>, body: string): string {
  const head = Object.entries({ "MIME-Version": "1.0", "Content-Type": "text/plain; charset=utf-8", "Content-Transfer-Encoding": "8bit", ...headers })
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n");
  return `${head}\r\n\r\n${body.replace(/\r?\n/g, "\r\n")}\r\n`;
}
