import type { ResolvedCommentView } from "../../lib/comment-types";
import { useFormat, useT } from "../../lib/i18n/react";
import { formatDate } from "../../lib/format-time";

/**
 * A published version's page (issue 23): the draft's comments resolved before the version was
 * published, for readers who may read the draft. Closed by default; nothing when there are none.
 */
export function ResolvedComments({ comments }: { comments: ResolvedCommentView[] }) {
  const t = useT();
  const intl = useFormat();
  if (!comments.length) return null;
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="resolved-comments">
      <summary className="cursor-pointer text-sm font-semibold text-slate-700">
        {t("comments.version.heading")} ({intl.formatNumber(comments.length)})
      </summary>
      <ol className="mt-3 space-y-4">
        {comments.map((c) => (
          <li key={c.id} className="text-sm">
            <p className="border-s-2 border-slate-300 ps-2 text-xs italic text-slate-600" dir="auto">{c.quote}</p>
            <p className="mt-1 text-xs text-slate-600">
              <span className="font-semibold text-slate-800" dir="auto">{c.authorName}</span>
            </p>
            <div className="prose-content text-sm" dir="auto" dangerouslySetInnerHTML={{ __html: c.bodyHtml }} />
            {c.replies.map((r) => (
              <div key={r.id} className="ms-3 mt-2 border-s-2 border-slate-100 ps-3">
                <p className="text-xs font-semibold text-slate-800" dir="auto">{r.authorName}</p>
                <div className="prose-content text-sm" dir="auto" dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
              </div>
            ))}
            <p className="mt-1 text-xs text-slate-500">
              <span aria-hidden="true">{"\u2713 "}</span>
              {t("comments.version.resolvedBy", { name: c.resolvedBy, date: formatDate(c.resolvedAt) })}
            </p>
          </li>
        ))}
      </ol>
    </details>
  );
}
