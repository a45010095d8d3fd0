import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "../components/documents/format";
import { WordDiff } from "../components/documents/word-diff";
import { Button, Card } from "../components/form";
import { notFound } from "../lib/http.server";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { requireCoalitionAccess } from "../models/access.server";
import { requireDocument } from "../models/documents.server";
import { compareSides, listVersionsOf, requireVersion } from "../models/versions.server";

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
      <WordDiff className={d.versions.length === 0 ? "hidden" : ""} fromName={d.fromName} toName={d.toName} diff={d.diff} />
    </div>
  );
}
