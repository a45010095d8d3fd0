import MarkdownIt, { type Env, type StateCore, type Token } from "markdown-it";
import sanitizeHtml from "sanitize-html";

/**
 * Markdown for posts. Two independent layers keep markup inert:
 * 1. markdown-it with raw HTML off (`<script>` stays visible text), images off (no tracking
 *    pixels; CSP would block them anyway), and its link validation (no javascript:/vbscript:/
 *    file:/data:);
 * 2. sanitize-html with a strict allowlist over the result: no attributes but href/rel/title
 *    on links, only http(s)/mailto/relative URLs, every link `rel="nofollow ugc noopener"`.
 *
 * Mentions: `@` followed by a member's handle (`@ada_lovelace`) or, as before handles, the part
 * of their email address before the `@` (`@ada.lovelace` for ada.lovelace@example.org),
 * case-insensitive. Only members of the coalition the post is in become links (and
 * notifications), and a link always shows the handle, never the email's part; anything else
 * stays text.
 */

export const LINK_REL = "nofollow ugc noopener";

/** `@handle` at a word start; the handle is an email local part (letters, digits, . _ -). */
export const MENTION_RE = /(^|[^A-Za-z0-9_.@/\\])@([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/g;

export interface MentionTarget {
  userId: string;
  name: string;
  /** Shown as the link's text (`@handle`), whatever was written. */
  handle: string;
  href: string;
}

/** The lower-cased handles a text mentions (outside of code is decided at render time). */
export function mentionHandles(markdown: string): string[] {
  const out = new Set<string>();
  for (const m of markdown.matchAll(MENTION_RE)) out.add(m[2].toLowerCase());
  return [...out];
}

/**
 * The Markdown as stored: a mention written with an email's local part (`@ada.lovelace`) that
 * resolved to a member becomes their handle (`@ada_lovelace`), so the stored text (search,
 * exports, excerpts) holds no part of an email address either.
 */
export function withHandles(markdown: string, mentions: Map<string, MentionTarget>): string {
  if (!mentions.size) return markdown;
  return markdown.replace(MENTION_RE, (all, before: string, key: string) => {
    const target = mentions.get(key.toLowerCase());
    return target && key.toLowerCase() !== target.handle ? `${before}@${target.handle}` : all;
  });
}

interface RenderEnv extends Env {
  mentions?: Map<string, MentionTarget>;
  mentioned?: Set<string>;
}

const md = new MarkdownIt("default", { html: false, linkify: true, typographer: false, breaks: true });
md.disable(["image"]);

// Turns `@handle` in text tokens (never inside links or code) into links to the member.
md.core.ruler.push("mentions", (state) => {
  const env = state.env as RenderEnv;
  if (!env.mentions?.size) return;
  for (const block of state.tokens) {
    if (block.type !== "inline" || !block.children) continue;
    const out: Token[] = [];
    let linkDepth = 0;
    for (const tok of block.children) {
      if (tok.type === "link_open") linkDepth++;
      if (tok.type === "link_close") linkDepth--;
      if (tok.type !== "text" || linkDepth > 0 || !tok.content.includes("@")) {
        out.push(tok);
        continue;
      }
      let last = 0;
      const text = tok.content;
      for (const m of text.matchAll(MENTION_RE)) {
        const target = env.mentions.get(m[2].toLowerCase());
        if (!target) continue;
        const start = m.index! + m[1].length;
        if (start > last) out.push(textToken(state, text.slice(last, start)));
        const open = new state.Token("link_open", "a", 1);
        open.attrs = [["href", target.href], ["class", "mention"], ["title", target.name]];
        out.push(open, textToken(state, `@${target.handle}`), new state.Token("link_close", "a", -1));
        env.mentioned?.add(target.userId);
        last = start + 1 + m[2].length;
      }
      if (last === 0) out.push(tok);
      else if (last < text.length) out.push(textToken(state, text.slice(last)));
    }
    block.children = out;
  }
});

function textToken(state: StateCore, content: string): Token {
  const t = new state.Token("text", "", 0);
  t.content = content;
  return t;
}

/**
 * Keeps an href only when it is plainly http(s), mailto, a same-site path or a fragment, or has
 * no colon before its first "/", "?" or "#" (a relative path). Anything else that looks like a
 * scheme, even an obfuscated one such as `java%09script:`, loses its href.
 */
function safeHref(href: string | undefined): { href?: string } {
  if (href === undefined) return {};
  if (/^(https?:\/\/|mailto:)/i.test(href) || (href.startsWith("/") && !href.startsWith("//")) || href.startsWith("#")) return { href };
  const head = href.split(/[/?#]/, 1)[0];
  return head.includes(":") || href.startsWith("//") ? { href: "#" } : { href };
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "h3", "h4", "h5", "h6", "hr", "a", "table", "thead", "tbody", "tr", "th", "td",
  ],
  allowedAttributes: { a: ["href", "rel", "class", "title"], ol: ["start"] },
  allowedClasses: { a: ["mention"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    // A post's headings sit below the page's own h1/h2.
    h1: "h3",
    h2: "h4",
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, ...safeHref(attribs.href), rel: LINK_REL } }),
  },
};

/** Sanitises HTML with the post allowlist (exported for tests and for defence in depth). */
export function sanitizePostHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/**
 * Renders a post's Markdown to safe HTML. `mentions` maps lower-cased handles to members;
 * the ids of the members actually linked come back in `mentioned`.
 */
export function renderMarkdown(markdown: string, options: { mentions?: Map<string, MentionTarget> } = {}): { html: string; mentioned: string[] } {
  const env: RenderEnv = { mentions: options.mentions, mentioned: new Set() };
  const html = sanitizePostHtml(md.render(markdown, env));
  return { html, mentioned: [...env.mentioned!] };
}

/** A one-line plain-text excerpt of Markdown, for reply quotes and notifications. */
export function excerpt(markdown: string, max = 160): string {
  const plain = markdown
    .replace(/```[\s\S]*?```/g, " [code] ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}(>+|#{1,6}|[-*+]|\d+[.)])\s+/gm, "")
    .replace(/[*_`~]+/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}
