import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card } from "../components/form";
import { dateTimeFormat } from "../lib/i18n/format";
import { t as translate } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { requireCoalitionAccess } from "../models/access.server";
import { listOutputs } from "../models/versions.server";
import { translationMarks } from "../models/translations.server";
import { LOCALE_TAGS } from "../../common/locales";
import { adoptionLines } from "../models/decision-view.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.pageTitle : translate("outputs.list.fallbackTitle") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "version:read");
  const outputs = await listOutputs(access.coalition.id);
  const marks = await translationMarks(access.coalition.id, outputs);
  const adopted = await adoptionLines(outputs.map((o) => o.id));
  return {
    pageTitle: translate("outputs.list.title", { coalition: access.coalition.name }),
    slug: access.coalition.slug,
    outputs: outputs.map((o) => ({ ...o, language: marks.get(o.id)?.language ?? null, outdated: marks.get(o.id)?.outdated ?? false, adopted: adopted[o.id] ?? null })),
    canPublish: access.abilities["version:publish"],
  };
}

const LONG_DATE = { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" } as const;

export default function OutputsIndex() {
  const { slug, outputs, canPublish } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section aria-labelledby="outputs-heading" className="max-w-3xl">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="outputs-heading" className="text-lg font-semibold">
          {t("outputs.list.heading")}
        </h2>
        <p className="text-sm text-slate-500">{t("outputs.list.intro")}</p>
      </div>
      {outputs.length ? (
        <ol className="mt-4 space-y-3" data-testid="outputs-list">
          {outputs.map((o) => {
            const date = dateTimeFormat(LONG_DATE).format(new Date(o.publishedAt));
            return (
              <li key={o.id}>
                <Link to={`/coalitions/${slug}/outputs/${o.id}`} className="block rounded-lg border border-slate-200 bg-white p-5 no-underline shadow-sm transition hover:border-brand-600 hover:no-underline">
                  <p className="text-xs font-semibold uppercase tracking-wide text-brand-700">
                    <span dir="auto">{o.documentTitle}</span> · {t("outputs.list.version", { number: o.number })}
                    {o.latest ? (
                      <span className="ms-2 inline-block whitespace-nowrap rounded-full bg-brand-700 px-2 py-0.5 text-[0.7rem] font-semibold normal-case tracking-normal text-white" data-testid="latest-mark">
                        {t("outputs.list.latest")}
                      </span>
                    ) : null}
                    {o.language ? (
                      <span className="ms-2 inline-block whitespace-nowrap rounded-full border border-brand-200 px-2 py-0.5 text-[0.7rem] font-semibold normal-case tracking-normal text-brand-800" data-testid="translation-mark">
                        {t("translations.list.mark", { language: t(`translations.language.${o.language}`) })}
                      </span>
                    ) : null}
                    {o.outdated ? (
                      <span className="ms-2 inline-block whitespace-nowrap rounded-full border border-amber-300 bg-amber-50 px-2 py-0.5 text-[0.7rem] font-semibold normal-case tracking-normal text-amber-900" data-testid="outdated-mark">
                        {t("translations.status.outdated")}
                      </span>
                    ) : null}
                  </p>
                  <p className="mt-1 text-lg font-semibold text-slate-900" dir="auto" lang={o.language ? LOCALE_TAGS[o.language] : undefined}>
                    {o.label}
                  </p>
                  {o.withdrawn ? (
                    <p className="mt-1 text-sm font-medium text-red-800" data-testid="withdrawn-mark">
                      <span className="me-1 rounded-full border border-red-300 bg-red-50 px-2 py-0.5 text-xs font-semibold uppercase tracking-wide">{t("outputs.list.withdrawn")}</span>
                      <span dir="auto">{o.withdrawn.reason}</span>
                    </p>
                  ) : null}
                  {o.adopted ? (
                    <p className="mt-1 text-sm font-medium text-green-900" data-testid="adopted-mark" dir="auto">
                      {o.adopted}
                    </p>
                  ) : null}
                  <p className="mt-1 text-sm text-slate-500" suppressHydrationWarning>
                    {o.publishedBy ? t("outputs.page.publishedBy", { date, name: o.publishedBy }) : t("outputs.page.published", { date })}
                  </p>
                  {o.note ? (
                    <p className="mt-2 line-clamp-2 text-sm text-slate-700" dir="auto">
                      {o.note}
                    </p>
                  ) : null}
                </Link>
              </li>
            );
          })}
        </ol>
      ) : (
        <Card className="mt-4 text-center">
          <p className="font-medium text-slate-800">{t("outputs.list.empty")}</p>
          <p className="mt-1 text-sm text-slate-500">{canPublish ? t("outputs.list.emptyCoordinator") : t("outputs.list.emptyOthers")}</p>
        </Card>
      )}
    </section>
  );
}
