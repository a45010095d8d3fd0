import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SearchForm, SearchOutcomeView } from "../components/search-results";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { rawSearchValues, searchParamsSchema } from "../lib/search-params";
import { fieldErrors, type FieldErrors } from "../lib/validation";
import { runSearch, searchableCoalitions, type SearchOutcome } from "../models/search.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data?.values.q
      ? t("search.meta.titleQuery", { query: data.values.q.slice(0, 60), site: t("site.name") })
      : t("search.meta.title", { site: t("site.name") }),
  },
  { name: "robots", content: "noindex" },
];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const values = rawSearchValues(params);
  const coalitions = await searchableCoalitions(context.user);
  const parsed = searchParamsSchema.safeParse({ ...values, page: params.get("page") ?? undefined });
  if (!parsed.success) {
    const errors: FieldErrors = fieldErrors(parsed.error);
    return data({ values, fieldErrors: errors, coalitions, outcome: null as SearchOutcome | null }, { status: 400 });
  }
  const outcome = await runSearch(context.user, parsed.data);
  return { values, fieldErrors: {} as FieldErrors, coalitions, outcome: outcome as SearchOutcome | null };
}

export default function Search() {
  const { values, fieldErrors: errors, coalitions, outcome } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="mx-auto max-w-4xl">
      <h1 className="text-3xl font-semibold tracking-tight">{t("search.title")}</h1>
      <p className="mt-1 text-slate-600">{t("search.consultation.intro")}</p>
      <SearchForm values={values} errors={errors} coalitions={coalitions} />
      {outcome ? <SearchOutcomeView outcome={outcome} values={values} /> : null}
    </div>
  );
}
