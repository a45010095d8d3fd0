import type { ReactNode } from "react";
import {
  describeBlock,
  type BlockChange,
  type BlockKind,
} from "../../lib/block-diff";
import type { MessageId } from "../../lib/i18n/messages";
import { FormattedMessage, useT } from "../../lib/i18n/react";

type BlockDiff = { blocks: BlockChange[]; added: number; removed: number };

/** "Added: heading 2", "Changed: table cell, row 2, column 1". */
const CHANGE_LABEL: Record<
  Exclude<BlockChange["change"], "same">,
  MessageId
> = {
  added: "compare.change.added",
  removed: "compare.change.removed",
  changed: "compare.change.changed",
};
const CHANGE_BORDER: Record<Exclude<BlockChange["change"], "same">, string> = {
  added: "border-green-600",
  removed: "border-red-600",
  changed: "border-amber-500",
};
const BLOCK_STYLE: Record<BlockKind["type"], string> = {
  heading: "text-lg font-semibold text-slate-900",
  paragraph: "",
  "list-item": "before:me-2 before:content-['•']",
  "table-cell": "rounded border border-slate-200 px-2",
  quote: "border-s-2 border-slate-300 ps-3 italic",
  code: "font-mono text-sm",
};

/** The word diff of two states, block by block (the versions' comparison and the timeline's). */
export function WordDiff(props: {
  fromName: string;
  toName: string;
  diff: BlockDiff;
  className?: string;
}) {
  const t = useT();
  const same = props.diff.added === 0 && props.diff.removed === 0;
  return (
    <section
      className={`rounded-lg border border-slate-200 bg-white shadow-sm ${
        props.className ?? ""
      }`}
      aria-labelledby="diff-heading"
    >
      <header className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-200 px-5 py-3">
        <h3 id="diff-heading" className="font-semibold">
          <bdi>{props.fromName}</bdi>{" "}
          <span
            className="inline-block text-slate-500 rtl:-scale-x-100"
            aria-hidden="true"
          >
            →
          </span>
          <span className="sr-only">{t("compare.toWord")}</span>{" "}
          <bdi>{props.toName}</bdi>
        </h3>
        <p className="text-sm" data-testid="diff-summary">
          {same ? (
            <span className="text-slate-500">{t("compare.noDifferences")}</span>
          ) : (
            <>
              <span className="font-medium text-green-700">
                {t("compare.wordsAdded", { count: props.diff.added })}
              </span>{" "}
              <span className="font-medium text-red-700">
                {t("compare.wordsRemoved", { count: props.diff.removed })}
              </span>
            </>
          )}
        </p>
      </header>
      <ol
        className="space-y-2 px-5 py-5 leading-relaxed text-slate-800 sm:px-8"
        data-testid="diff"
        aria-label={t("compare.listLabel")}
      >
        {props.diff.blocks.map((block, i) => {
          const what = describeBlock(block.kind);
          const label =
            block.change === "same"
              ? what
              : t(CHANGE_LABEL[block.change], {
                  what: what.toLocaleLowerCase(),
                });
          return (
            <li
              key={i}
              className={`grid gap-x-3 sm:grid-cols-[10rem_minmax(0,1fr)] ${
                block.change === "same"
                  ? ""
                  : "rounded-md border-s-4 py-1 ps-2 " +
                    CHANGE_BORDER[block.change]
              }`}
              data-change={block.change}
              data-block={block.kind.type}
            >
              <span
                className={`text-xs ${
                  block.change === "same"
                    ? "text-slate-500"
                    : "font-semibold text-slate-700"
                }`}
              >
                {label}
              </span>
              <span
                dir="auto"
                className={`whitespace-pre-wrap ${
                  BLOCK_STYLE[block.kind.type]
                }`}
              >
                {block.parts.map((p, j) =>
                  p.kind === "added" ? (
                    <ins
                      key={j}
                      className="rounded-sm bg-green-100 text-green-900 underline decoration-green-700"
                      title={t("compare.added")}
                    >
                      {p.text}
                    </ins>
                  ) : p.kind === "removed" ? (
                    <del
                      key={j}
                      className="rounded-sm bg-red-100 text-red-900 decoration-red-700"
                      title={t("compare.removed")}
                    >
                      {p.text}
                    </del>
                  ) : (
                    <span key={j}>{p.text}</span>
                  )
                )}
              </span>
            </li>
          );
        })}
      </ol>
      <p className="border-t border-slate-200 px-5 py-2 text-xs text-slate-500">
        <FormattedMessage
          id="compare.legend"
          values={{
            ins: (c: ReactNode[]) => (
              <ins className="bg-green-100 px-1 text-green-900 underline">
                {c}
              </ins>
            ),
            del: (c: ReactNode[]) => (
              <del className="bg-red-100 px-1 text-red-900">{c}</del>
            ),
          }}
        />
      </p>
    </section>
  );
}
