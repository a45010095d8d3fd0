import nodemailer, { type Transporter } from "nodemailer";
import { getConfig } from "./config.server";

let transport: { url: string; t: Transporter } | undefined;

/**
 * Sends a mail (a text part, and an HTML part when given) when SMTP_URL is configured. Returns whether it was handed to
 * the mail server; without SMTP (or on a mail error) callers show the link instead.
 */
export async function sendMail(message: { to: string; subject: string; text: string; html?: string }): Promise<boolean> {
  const { SMTP_URL, MAIL_FROM } = getConfig();
  if (!SMTP_URL) return false;
  if (!transport || transport.url !== SMTP_URL) transport = { url: SMTP_URL, t: nodemailer.createTransport(SMTP_URL) };
  try {
    await transport.t.sendMail({ from: MAIL_FROM, ...message });
    return true;
  } catch (error) {
    console.error("mail not sent:", (error as Error).message);
    return false;
  }
}
