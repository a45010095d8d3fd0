import EmailReplyParser from "email-reply-parser";

/**
 * The new text of a mail reply: what the person wrote above the quoted message, without the
 * quote's attribution line ("On … wrote:", "Le … a écrit :", Outlook's "From:/Sent:" block),
 * the quoted lines and the signature ("-- ", "Sent from my iPhone"), using email-reply-parser
 * (the port of GitHub's reply parser that Crisp runs on its inbound mail). Their paragraphs are
 * kept. Bodies past `MAX_CHARS` are cut first: the parser's regular expressions then never see
 * more than a post could hold anyway.
 */
export const MAX_REPLY_SOURCE_CHARS = 200_000;

/**
 * Attribution lines the parser does not know, from the languages our coalitions write in: Gmail
 * in Chinese ("Ada <ada@…> 于2026年12月7日周一 10:00写道："), Arabic ("… كتب Ada <ada@…>:") and
 * Russian ("пн, 7 дек. 2026 г. в 10:00, Ada <ada@…>:"), which names no verb at all. A line is
 * taken for one only when what follows it is quoted ("> ") or nothing.
 */
const EXTRA_ATTRIBUTION = /(?:<[^<>\s]+@[^<>\s]+>\)?|写道|كتب|написал[аи]?)\s*[:：]\s*$/;

function cutUnknownAttribution(text: string): string {
  const lines = text.split("\n");
  for (let i = 1; i < lines.length; i++) {
    if (!EXTRA_ATTRIBUTION.test(lines[i]!)) continue;
    const next = lines.slice(i + 1).find((l) => l.trim() !== "");
    if (next === undefined || next.trimStart().startsWith(">")) return lines.slice(0, i).join("\n");
  }
  return text;
}

export function replyText(body: string): string {
  const text = cutUnknownAttribution(body.replace(/\r\n?/g, "\n").slice(0, MAX_REPLY_SOURCE_CHARS));
  const visible = new EmailReplyParser().read(text).getVisibleText();
  return visible.replace(/[ \t]+$/gm, "").replace(/\n{3,}/g, "\n\n").trim();
}
