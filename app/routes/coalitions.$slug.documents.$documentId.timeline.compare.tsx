import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PointPicker, TimelineBreadcrumb } from "../components/documents/timeline-parts";
import { WordDiff } from "../components/documents/word-diff";
import { Button, Card } from "../components/form";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { compareLoader } from "../models/timeline-routes.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? t("timeline.compare.metaTitle", { title: data.document.title }) : t("timeline.compare.heading") }];

export const loader = (args: LoaderFunctionArgs) => compareLoader(args);

export default function TimelineComparePage() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  return (
    <div className="space-y-5">
      <div>
        <TimelineBreadcrumb slug={d.slug} document={d.document} timeline />
        <h2 className="mt-1 text-2xl font-semibold tracking-tight">{t("timeline.compare.heading")}</h2>
      </div>
      <Card>
        <form method="get" className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_auto]">
          <PointPicker name="from" label={t("timeline.compare.older")} value={d.from} points={d.points} />
          <PointPicker name="to" label={t("timeline.compare.newer")} value={d.to} points={d.points} />
          <Button type="submit">{t("timeline.compare.submit")}</Button>
        </form>
      </Card>
      <WordDiff fromName={d.fromName} toName={d.toName} diff={d.diff} />
    </div>
  );
}
