import { Link } from "@remix-run/react";
import { useT } from "../../lib/i18n/react";

const item = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 no-underline shadow-sm hover:bg-slate-50 hover:no-underline";
const off = "rounded-md border border-slate-200 px-3 py-1.5 text-sm text-slate-500";

const PREV = "prev";
const NEXT = "next";

/** First / previous / "page x of y" / next / last, as plain links (works without JavaScript). */
export function Pager({ page, pages, href, label }: { page: number; pages: number; href: (page: number) => string; label: string }) {
  const t = useT();
  if (pages <= 1) return null;
  const link = (to: number, text: string, rel?: "prev" | "next") =>
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
      {link(1, t("threads.pager.first"))}
      {link(page - 1, t("threads.pager.previous"), PREV)}
      <span className="px-2 text-sm text-slate-600" aria-current="page">
        {t("threads.pager.pageOf", { page, pages })}
      </span>
      {link(page + 1, t("threads.pager.next"), NEXT)}
      {link(pages, t("threads.pager.last"))}
    </nav>
  );
}
