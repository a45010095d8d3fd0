import { Link } from "@remix-run/react";

const item = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 no-underline shadow-sm hover:bg-slate-50 hover:no-underline";
const off = "rounded-md border border-slate-200 px-3 py-1.5 text-sm text-slate-500";

/** First / previous / "page x of y" / next / last, as plain links (works without JavaScript). */
export function Pager({ page, pages, href, label }: { page: number; pages: number; href: (page: number) => string; label: string }) {
  if (pages <= 1) return null;
  const link = (to: number, text: string, rel?: string) =>
    to >= 1 && to <= pages && to !== page ? (
      <Link to={href(to)} className={item} rel={rel}>
        {text}
      </Link>
    ) : (
      <span className={off} aria-disabled="true">
        {text}
      </span>
    );
  return (
    <nav aria-label={label} className="flex flex-wrap items-center gap-2">
      {link(1, "« First")}
      {link(page - 1, "‹ Previous", "prev")}
      <span className="px-2 text-sm text-slate-600" aria-current="page">
        Page {page} of {pages}
      </span>
      {link(page + 1, "Next ›", "next")}
      {link(pages, "Last »")}
    </nav>
  );
}
