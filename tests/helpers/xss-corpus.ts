/**
 * Hostile Markdown for posts. Each would run script, load a frame or carry an executable URL
 * if any layer let it through. `window.__xss` is what the end-to-end test watches.
 */
export const XSS_CORPUS: string[] = [
  "<script>window.__xss = 1</script>",
  "<img src=x onerror=\"window.__xss = 1\">",
  "<svg onload=\"window.__xss = 1\"><script>window.__xss = 1</script></svg>",
  "<svg><animate onbegin=\"window.__xss = 1\" attributeName=x dur=1s>",
  "[click me](javascript:window.__xss=1)",
  "[click me](JaVaScRiPt:window.__xss=1)",
  "[tab](java&#x09;script:window.__xss=1)",
  "[colon](javascript&colon;window.__xss=1)",
  "[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)",
  "![svg image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
  "![tracking pixel](https://tracker.example/pixel.png)",
  "<a href=\"javascript:window.__xss=1\">raw link</a>",
  "[reference]\n\n[reference]: javascript:window.__xss=1",
  "<javascript:window.__xss=1>",
  "[vb](vbscript:msgbox(1))",
  "<a href=\"&#106;avascript:window.__xss=1\">entity link</a>",
  "```\n</script><script>window.__xss = 1</script>\n```",
  "`</script><script>window.__xss = 1</script>`",
  "> > > <iframe src=\"javascript:window.__xss=1\"></iframe>\n> > nested \"quotes\" ' and \\\" <b onmouseover=\"window.__xss=1\">bold</b>\n> end",
  "> \"><script>window.__xss = 1</script>\n>> '\"><img src=x onerror=window.__xss=1>",
  "<style>body{background:url(javascript:window.__xss=1)}</style>",
  "<!-- --><script>window.__xss = 1</script><!-- -->",
  "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
  "https://example.org/\"onmouseover=\"window.__xss=1",
  "[x](https://example.org/\" onclick=\"window.__xss=1)",
  "<details open ontoggle=\"window.__xss=1\">",
  "[angle](<javascript:window.__xss=1>)",
  "<object data=\"javascript:window.__xss=1\"></object><embed src=\"javascript:window.__xss=1\">",
  "<form action=\"javascript:window.__xss=1\"><button>go</button></form>",
  "<base href=\"javascript:/\"><meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__xss=1\">",
  "[//evil](//evil.example/path)",
  "*emphasis <script>window.__xss = 1</script>* and **bold [link](javascript:alert(1))**",
];

const TAG_RE = /<([a-zA-Z][\w:-]*)((?:\s+[^\s/>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTR_RE = /([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, h) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&colon;/gi, ":")
    .replace(/&tab;/gi, "\t")
    .replace(/&newline;/gi, "\n")
    .replace(/&amp;/g, "&");
}

export interface Tag {
  name: string;
  attrs: Array<[string, string]>;
}

/** The element tags in HTML (text is escaped by the server, so a literal `<name` is a tag). */
export function tagsOf(html: string): Tag[] {
  return [...html.matchAll(TAG_RE)].map((m) => ({
    name: m[1].toLowerCase(),
    attrs: [...(m[2] ?? "").matchAll(ATTR_RE)].map((a) => [a[1].toLowerCase(), decodeEntities(a[2] ?? a[3] ?? a[4] ?? "")] as [string, string]),
  }));
}

/** A URL attribute value that would execute or embed content (browsers strip tabs/newlines). */
export function isDangerousUrl(value: string): boolean {
  const v = value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
  return /^(javascript|vbscript|data|file):/.test(v);
}

const URL_ATTRS = new Set(["href", "src", "action", "formaction", "data", "xlink:href", "poster", "background"]);
const NEVER = new Set(["iframe", "object", "embed", "img", "style", "math", "base", "frame", "frameset", "applet", "animate", "set"]);

/**
 * What in an HTML fragment could run script: forbidden elements, on* attributes, executable
 * URLs. `allowedTags` (for whole pages) lists the app's own element names that may appear.
 */
export function executableMarkup(html: string, options: { allowScripts?: (tag: Tag) => boolean; allowedTags?: Set<string> } = {}): string[] {
  const problems: string[] = [];
  for (const tag of tagsOf(html)) {
    if (tag.name === "script") {
      if (!options.allowScripts?.(tag)) problems.push(`<script ${tag.attrs.map((a) => a.join("=")).join(" ")}>`);
      continue;
    }
    if (NEVER.has(tag.name) || (options.allowedTags && !options.allowedTags.has(tag.name))) problems.push(`<${tag.name}>`);
    for (const [name, value] of tag.attrs) {
      if (name.startsWith("on")) problems.push(`${tag.name}[${name}]`);
      if (URL_ATTRS.has(name) && isDangerousUrl(value)) problems.push(`${tag.name}[${name}=${value}]`);
      if (name === "http-equiv") problems.push(`${tag.name}[http-equiv]`);
      if (name === "style" && /url\(|expression\(/i.test(value)) problems.push(`${tag.name}[style]`);
    }
  }
  return problems;
}
