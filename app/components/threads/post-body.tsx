/**
 * A post's HTML. It comes from app/lib/markdown.server.ts (markdown-it without raw HTML,
 * then sanitize-html with a strict allowlist), never from the browser.
 */
export function PostBody({ html }: { html: string }) {
  return (
    <div
      dir="auto"
      className="prose-content break-words text-[15px] [&_a.mention]:rounded [&_a.mention]:bg-brand-50 [&_a.mention]:px-1 [&_a.mention]:font-medium [&_a.mention]:no-underline [&_p:first-child]:mt-0 [&_p:last-child]:mb-0"
      // eslint-disable-next-line react/no-danger
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
