import { Link } from "@remix-run/react";
import { useT } from "../../lib/i18n/react";
import { CommentItem } from "./comment-item";
import type { BlockData, CommentViewData, FormAnswer } from "./types";

/**
 * The version's text, block by block, each with its stable number, its comment count, a link to
 * comment on it, and the comments that start at it.
 */
export function NumberedText({ blocks, comments, canComment, canManage, answer, lang, dir }: { blocks: BlockData[]; comments: CommentViewData[]; canComment: boolean; canManage: boolean; answer?: FormAnswer; lang: string; dir: "ltr" | "rtl" }) {
  const t = useT();
  return (
    <ol className="space-y-4" data-testid="consultation-text">
      {blocks.map((b) => {
        const here = comments.filter((c) => c.from === b.number);
        return (
          <li key={b.number} id={b.anchor} data-paragraph={b.number} className="scroll-mt-4">
            <div className="flex gap-3">
              <a href={`#${b.anchor}`} className="w-10 shrink-0 pt-0.5 text-end text-sm font-semibold tabular-nums text-slate-500 no-underline" aria-label={t("consultation.paragraph.label", { number: b.number })} data-testid="paragraph-number">
                {b.number}
              </a>
              <div className="min-w-0 flex-1">
                <div className={`prose-content [&>:first-child]:mt-0 [&>:last-child]:mb-0 ${b.kind === "item" ? "border-s-2 border-slate-200 ps-3" : ""}`} style={b.depth ? { marginInlineStart: `${b.depth * 1.5}rem` } : undefined} lang={lang} dir={dir} data-testid="paragraph-content" dangerouslySetInnerHTML={{ __html: b.html }} />
                <p className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-600">
                  <span data-testid="paragraph-count">{t("consultation.paragraph.count", { count: b.count })}</span>
                  {canComment ? (
                    <Link to={`?paragraph=${b.number}#comment-form`} preventScrollReset={false} aria-label={t("consultation.paragraph.commentOnLabel", { number: b.number })}>
                      {t("consultation.paragraph.commentOn")}
                    </Link>
                  ) : null}
                </p>
                {here.length ? (
                  <div className="mt-2 space-y-2">
                    {here.map((c) => (
                      <CommentItem key={c.id} comment={c} canReply={canComment} canManage={canManage} answer={answer} />
                    ))}
                  </div>
                ) : null}
              </div>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
