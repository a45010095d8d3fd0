import { t } from "./i18n/messages";

/**
 * Markdown written into files that leave the site (exports). Whoever opens one may render it
 * with a viewer that allows raw HTML and any link scheme, so user text is made inert here:
 * one-line fields are escaped to plain text, and bodies keep their Markdown but lose the
 * power to carry HTML or script links.
 */

const INLINE_SPECIALS = /([\\`*_{}[\]()<>#|!~&])/g;

/** A user's one-line text (title, name, organisation) as literal Markdown text. */
export function markdownText(value: string): string {
  return value.replace(/[\r\n]+/g, " ").replace(INLINE_SPECIALS, "\\$1");
}

const SAFE_SCHEME = /^(?:https?:|mailto:|#|\/(?!\/))/i;

function neutraliseLine(line: string): string {
  // Outside inline code: `<` never opens a tag, `&` never spells an entity (`&colon;`),
  // an image is only linked, and a link whose destination is not http(s), mailto, a path or an
  // anchor is unlinked.
  return line
    .split(/(`+[^`]*`+)/)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      return part
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/(!?\[[^\]]*\])\(\s*([^)\s]*)[^)]*\)/g, (whole, label: string, dest: string) =>
          // Images become links: an export loads nothing remote (no tracking pixels).
          SAFE_SCHEME.test(dest.replace(/^<|>$/g, "")) ? whole.replace(/^!/, "") : `${label.replace(/^!/, "")} (${t("threads.export.unsafeLinkRemoved")})`,
        )
        .replace(/^(\s{0,3}\[[^\]]+\]:\s*)(\S+)/, (whole, head: string, dest: string) => (SAFE_SCHEME.test(dest.replace(/^<|>$/g, "")) ? whole : `${head}#unsafe-link-removed`));
    })
    .join("");
}

/**
 * A post's Markdown with raw HTML shown as text and unsafe link targets removed; fenced code
 * blocks are left as they are (a viewer shows them as text).
 */
export function inertMarkdown(body: string): string {
  let fence: string | null = null;
  return body
    .split("\n")
    .map((line) => {
      const opener = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
      if (fence) {
        if (opener && opener[1][0] === fence[0] && opener[1].length >= fence.length) fence = null;
        return line;
      }
      if (opener) {
        fence = opener[1];
        return line;
      }
      // Indented code (4 spaces) is text to every viewer as well.
      if (/^( {4}|\t)/.test(line)) return line;
      return neutraliseLine(line);
    })
    .join("\n");
}
