import { formatDate, formatTime } from "../lib/format-time";

/**
 * A moment on a page: `<time datetime>` with the text in the page's language. The text is the
 * server's; the browser's ICU may word a month one character differently, which is tolerated
 * at hydration rather than re-rendering the page.
 */
export function Time({ iso, date = false, className }: { iso: string; date?: boolean; className?: string }) {
  return (
    <time dateTime={iso} className={className} suppressHydrationWarning>
      {date ? formatDate(iso) : formatTime(iso)}
    </time>
  );
}
