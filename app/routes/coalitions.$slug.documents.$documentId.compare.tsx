import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatDate } from "../components/documents/format";
import { Button, Card } from "../components/form";
import { notFound } from "../lib/http.server";
import { t, type MessageId } from "../lib/i18n/messages";
import { FormattedMessage, useT } from "../lib/i18n/react";
import { requireCoalitionAccess } from "../models/access.server";
import { requireDocument } from "../models/documents.server";
import { compareSides, listVersionsOf, requireVersion } from "../models/versions.server";
import { describeBlock, type BlockChange, type BlockKind } from "../lib/block-diff";

/** "Added: heading 2", "Changed: table cell, row 2, column 1". */
const CHANGE_LABEL: Record<Exclude<BlockChange["change"], "same">, MessageId> = { added: "compare.change.added", removed: "compare.change.removed", changed: "compare.change.changed" };
const CHANGE_BORDER: Record<Exclude<BlockChange["change"], "same">, string> = { added: "border-green-600", removed: "border-red-600", changed: "border-amber-500" };
const BLOCK_STYLE: Record<BlockKind["type"], string> = {
  heading: "text-lg font-semibold text-slate-900",
  paragraph: "",
  "list-item": "before:me-2 before:content-['•']",
  "table-cell": "rounded border border-slate-200 px-2",
  quote: "border-s-2 border-slate-300 ps-3 italic",
  code: "font-mono text-sm",
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? t("compare.metaTitle", { title: data.document.title }) : t("compare.submit") }];

/** `?from=<versionId|draft>&to=<versionId|draft>`; by default the latest version against the draft. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "version:compare");
  const doc = await requireDocument(access.coalition.id, params.documentId);
  const versions = await listVersionsOf(doc.id);
  const search = new URL(request.url).searchParams;
  const from = search.get("from") ?? versions[0]?.id ?? "draft";
  const to = search.get("to") ?? "draft";
  const side = async (id: string) => {
    if (id === "draft") return "draft" as const;
    const v = await requireVersion(access.coalition.id, id);
    if (v.documentId !== doc.id) throw notFound(t("compare.error.noSuchVersion"));
    return v;
  };
  const [older, newer] = await Promise.all([side(from), side(to)]);
  const diff = await compareSides(doc, older, newer);
  const name = (s: typeof older) => (s === "draft" ? t("compare.currentDraft") : t("compare.versionName", { number: s.number, label: s.label }));
  return {
    slug: access.coalition.slug,
    document: { id: doc.id, title: doc.title },
    versions: versions.map((v) => ({ id: v.id, number: v.number, label: v.label, publishedAt: v.publishedAt })),
    from,
    to,
    fromName: name(older),
    toName: name(newer),
    diff,
  };
}

function SidePicker({ name, label, value, versions }: { name: string; label: string; value: string; versions: { id: string; number: number; label: string; publishedAt: string }[] }) {
  const t = useT();
  return (
    <label className="block text-sm font-medium text-slate-700">
      {label}
      <select name={name} defaultValue={value} className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm">
        <option value="draft">{t("compare.currentDraft")}</option>
        {versions.map((v) => (
          <option key={v.id} value={v.id} suppressHydrationWarning>
            {t("compare.option", { short: t("versions.short", { number: v.number }), label: v.label, date: formatDate(v.publishedAt) })}
          </option>
        ))}
      </select>
    </label>
  );
}

export default function ComparePage() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const same = d.diff.added === 0 && d.diff.removed === 0;
  return (
    <div className="space-y-5">
      <div>
        <p className="text-sm text-slate-500">
          <Link to={`/coalitions/${d.slug}/documents`}>{t("documents.list.heading")}</Link> <span aria-hidden="true">/</span>{" "}
          <Link to={`/coalitions/${d.slug}/documents/${d.document.id}`}>
            <bdi>{d.document.title}</bdi>
          </Link>{" "}
          <span aria-hidden="true">/</span>
        </p>
        <h2 className="mt-1 text-2xl font-semibold tracking-tight">{t("compare.heading")}</h2>
      </div>
      {d.versions.length === 0 ? (
        <Card>
          <p className="font-medium text-slate-800">{t("compare.nothing")}</p>
          <p className="mt-1 text-sm text-slate-600">{t("compare.nothingExplain")}</p>
        </Card>
      ) : null}
      <Card className={d.versions.length === 0 ? "hidden" : ""}>
        <Form method="get" className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_auto]">
          <SidePicker name="from" label={t("compare.older")} value={d.from} versions={d.versions} />
          <SidePicker name="to" label={t("compare.newer")} value={d.to} versions={d.versions} />
          <Button type="submit">{t("compare.submit")}</Button>
        </Form>
      </Card>
      <section className={`rounded-lg border border-slate-200 bg-white shadow-sm ${d.versions.length === 0 ? "hidden" : ""}`} aria-labelledby="diff-heading">
        <header className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-200 px-5 py-3">
          <h3 id="diff-heading" className="font-semibold">
            <bdi>{d.fromName}</bdi>{" "}
            <span className="inline-block text-slate-500 rtl:-scale-x-100" aria-hidden="true">
              →
            </span>
            <span className="sr-only">{t("compare.toWord")}</span> <bdi>{d.toName}</bdi>
          </h3>
          <p className="text-sm" data-testid="diff-summary">
            {same ? (
              <span className="text-slate-500">{t("compare.noDifferences")}</span>
            ) : (
              <>
                <span className="font-medium text-green-700">{t("compare.wordsAdded", { count: d.diff.added })}</span>{" "}
                <span className="font-medium text-red-700">{t("compare.wordsRemoved", { count: d.diff.removed })}</span>
              </>
            )}
          </p>
        </header>
        <ol className="space-y-2 px-5 py-5 leading-relaxed text-slate-800 sm:px-8" data-testid="diff" aria-label={t("compare.listLabel")}>
          {d.diff.blocks.map((block, i) => {
            const what = describeBlock(block.kind);
            const label = block.change === "same" ? what : t(CHANGE_LABEL[block.change], { what: what.toLocaleLowerCase() });
            return (
              <li key={i} className={`grid gap-x-3 sm:grid-cols-[10rem_minmax(0,1fr)] ${block.change === "same" ? "" : "rounded-md border-s-4 py-1 ps-2 " + CHANGE_BORDER[block.change]}`} data-change={block.change} data-block={block.kind.type}>
                <span className={`text-xs ${block.change === "same" ? "text-slate-500" : "font-semibold text-slate-700"}`}>{label}</span>
                <span dir="auto" className={`whitespace-pre-wrap ${BLOCK_STYLE[block.kind.type]}`}>
                  {block.parts.map((p, j) =>
                    p.kind === "added" ? (
                      <ins key={j} className="rounded-sm bg-green-100 text-green-900 underline decoration-green-700" title={t("compare.added")}>{p.text}</ins>
                    ) : p.kind === "removed" ? (
                      <del key={j} className="rounded-sm bg-red-100 text-red-900 decoration-red-700" title={t("compare.removed")}>{p.text}</del>
                    ) : (
                      <span key={j}>{p.text}</span>
                    ),
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
              ins: (c: ReactNode[]) => <ins className="bg-green-100 px-1 text-green-900 underline">{c}</ins>,
              del: (c: ReactNode[]) => <del className="bg-red-100 px-1 text-red-900">{c}</del>,
            }}
          />
        </p>
      </section>
    </div>
  );
}
