import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TimelineBreadcrumb, PointPicker } from "../components/documents/timeline-parts";
import { Button, Card } from "../components/form";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { timelineLoader } from "../models/timeline-routes.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? t("timeline.metaTitle", { title: data.document.title }) : t("timeline.heading") }];

export const loader = (args: LoaderFunctionArgs) => timelineLoader(args);

export default function TimelinePage() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  return (
    <div className="space-y-5">
      <div>
        <TimelineBreadcrumb slug={d.slug} document={d.document} />
        <h2 className="mt-1 text-2xl font-semibold tracking-tight">{t("timeline.heading")}</h2>
        <p className="mt-1 text-sm text-slate-600">{t("timeline.explain")}</p>
      </div>
      {d.points.length > 1 ? (
        <Card>
          <form method="get" action={`${d.base}/compare`} className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_auto]">
            <PointPicker name="from" label={t("timeline.compare.older")} value={d.points[1].id} points={d.points} />
            <PointPicker name="to" label={t("timeline.compare.newer")} value={d.points[0].id} points={d.points} />
            <Button type="submit">{t("timeline.compare.submit")}</Button>
          </form>
        </Card>
      ) : null}
      {d.points.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-600">{t("timeline.empty")}</p>
        </Card>
      ) : (
        <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="timeline">
          {d.points.map((p, i) => (
            <li key={p.id} className="px-5 py-3" data-point={p.id}>
              <div className="flex flex-wrap items-baseline gap-2">
                <Link to={`${d.base}/${p.id}`} className="font-medium">
                  <bdi>{p.name}</bdi>
                </Link>
                <span className="rounded-full border border-slate-300 px-2 py-0.5 text-xs text-slate-700">{p.kind === "version" ? t("timeline.kind.version") : t("timeline.kind.day")}</span>
                {p.version?.withdrawn ? <span className="rounded-full border border-red-300 bg-red-50 px-2 py-0.5 text-xs font-semibold text-red-800">{t("timeline.withdrawn")}</span> : null}
              </div>
              <p className="mt-1 text-sm text-slate-600">
                {p.contributors.length ? t("timeline.contributors", { names: p.contributors.map((c) => c.name).join(", ") }) : t("timeline.noContributors")}
              </p>
              <p className="mt-1 flex flex-wrap gap-x-3 text-sm">
                <Link to={`${d.base}/${p.id}`}>{t("timeline.open")}</Link>
                {i + 1 < d.points.length ? <Link to={`${d.base}/compare?from=${d.points[i + 1].id}&to=${p.id}`}>{t("timeline.compareWithPrevious")}</Link> : null}
                <a href={`${d.base}/${p.id}/export.md`}>{t("timeline.export.md")}</a>
                <a href={`${d.base}/${p.id}/export.html`}>{t("timeline.export.html")}</a>
              </p>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
