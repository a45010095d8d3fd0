import { getConfig } from "../../lib/config.server";

/** The public origin links in mail use: APP_ORIGIN, else the server's own address. */
export function mailOrigin(): string {
  const config = getConfig();
  if (config.APP_ORIGIN) return config.APP_ORIGIN;
  const host = config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST;
  return `http://${host}:${config.PORT}`;
}

/** MAIL_DOMAIN, else APP_ORIGIN's host name, else localhost. */
export function mailDomain(): string {
  const config = getConfig();
  if (config.MAIL_DOMAIN) return config.MAIL_DOMAIN;
  return config.APP_ORIGIN ? new URL(config.APP_ORIGIN).hostname : "localhost";
}

/**
 * The List-Id value of a coalition's mail (RFC 2919): its name as the phrase when the name is plain
 * printable ASCII (quotes and backslashes dropped), else the id alone; always ASCII, so it is sent as is.
 */
export function listId(coalition: { slug: string; name: string }): string {
  const id = `<${coalition.slug}.${mailDomain()}>`;
  const name = coalition.name.replace(/["\\]/g, "").trim();
  return /^[\x20-\x7e]+$/.test(name) ? `"${name}" ${id}` : id;
}

/** The Message-ID (without brackets) of a thread's first mail, which every reply refers to. */
export function threadMessageId(threadId: string): string {
  return `thread-${threadId}@${mailDomain()}`;
}
