import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TimelineBreadcrumb } from "../components/documents/timeline-parts";
import { TimelineRestore } from "../components/documents/timeline-restore";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { pointAction, pointLoader } from "../models/timeline-routes.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? t("timeline.point.metaTitle", { title: data.document.title, point: data.point.name }) : t("timeline.heading") }];

export const loader = (args: LoaderFunctionArgs) => pointLoader(args);
export const action = (args: ActionFunctionArgs) => pointAction(args);

/** One point of the timeline, read-only, with its exports and (for those who may) restore. */
export default function TimelinePointPage() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const url = `${d.base}/${d.point.id}`;
  return (
    <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_18rem]">
      <div className="space-y-3">
        <TimelineBreadcrumb slug={d.slug} document={d.document} timeline />
        <h2 className="text-2xl font-semibold tracking-tight">
          <bdi>{d.point.name}</bdi>
        </h2>
        <p className="text-sm text-slate-600">{t("timeline.point.readOnly")}</p>
        <article className="rounded-lg border border-slate-200 bg-white shadow-sm" aria-label={t("timeline.point.contentLabel")}>
          <div className="prose-content px-5 py-6 sm:px-10 sm:py-8 [&>:first-child]:mt-0" data-testid="point-content" dangerouslySetInnerHTML={{ __html: d.html }} />
        </article>
      </div>
      <aside className="space-y-4">
        <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm" aria-labelledby="point-actions">
          <h2 id="point-actions" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
            {t("timeline.point.actions")}
          </h2>
          <p className="mt-2">{d.point.contributors.length ? t("timeline.contributors", { names: d.point.contributors.map((c) => c.name).join(", ") }) : t("timeline.noContributors")}</p>
          <ul className="mt-2 space-y-1">
            <li>
              <Link to={`${d.base}/compare?from=${d.point.id}`}>{t("timeline.point.compare")}</Link>
            </li>
            <li>
              <a href={`${url}/export.md`}>{t("timeline.export.md")}</a>
            </li>
            <li>
              <a href={`${url}/export.html`}>{t("timeline.export.html")}</a>
            </li>
          </ul>
        </section>
        {d.canRestore ? <TimelineRestore cancelTo={url} /> : null}
      </aside>
    </div>
  );
}
