import { Form, Link } from "@remix-run/react";
import type { MessageId } from "../lib/i18n/messages";
import { FormattedMessage, useT } from "../lib/i18n/react";
import type { Segment, Snippet } from "../lib/search-highlight";
import { SEARCH_KIND_OPTIONS, type SearchParamsValues } from "../lib/search-params";
import type { FieldErrors } from "../lib/validation";
import type { SearchOutcome, SearchResultItem } from "../models/search.server";
import { Button, FieldError, FormAlert, SelectField, TextField } from "./form";
import { Time } from "./time";

const KIND_LABEL: Record<SearchResultItem["kind"], MessageId> = {
  coalition: "search.kind.coalition",
  document: "search.kind.document",
  output: "search.kind.output",
  thread: "search.kind.thread",
  post: "search.kind.post",
  consultation: "search.consultation.kind",
};

const KIND_STYLE: Record<SearchResultItem["kind"], string> = {
  coalition: "bg-slate-100 text-slate-700",
  document: "bg-amber-100 text-amber-900",
  output: "bg-green-100 text-green-900",
  thread: "bg-brand-50 text-brand-800",
  post: "bg-brand-50 text-brand-800",
  consultation: "bg-green-50 text-green-900",
};

/** Text segments, matches in <mark>; React escapes every segment. */
export function Highlighted({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.hit ? (
          <mark key={i} className="rounded-sm bg-yellow-200 px-0.5 text-inherit">
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}

function SnippetText({ snippet }: { snippet: Snippet }) {
  return (
    <p className="mt-1 break-words text-sm leading-relaxed text-slate-700" data-testid="result-snippet">
      {snippet.before ? "… " : null}
      <Highlighted segments={snippet.segments} />
      {snippet.after ? " …" : null}
    </p>
  );
}

const BY_LABEL: Record<SearchResultItem["kind"], MessageId> = {
  coalition: "search.by.coalition",
  document: "search.by.document",
  output: "search.by.output",
  thread: "search.by.thread",
  post: "search.by.post",
  consultation: "search.consultation.by",
};

export function SearchForm({
  values,
  errors,
  coalitions,
}: {
  values: SearchParamsValues;
  errors: FieldErrors;
  coalitions: Array<{ slug: string; name: string }>;
}) {
  const t = useT();
  return (
    <Form method="get" action="/search" className="mt-5 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5" role="search">
      <label htmlFor="search-q" className="sr-only">
        {t("search.form.queryLabel")}
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          id="search-q"
          name="q"
          type="search"
          defaultValue={values.q}
          maxLength={1000}
          dir="auto"
          placeholder={t("search.form.placeholder")}
          className="block w-full flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100"
        />
        <Button type="submit">{t("search.form.submit")}</Button>
      </div>
      <FieldError id="search-q-error" message={errors.q} />
      <fieldset className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
        <legend className="sr-only">{t("search.form.filters")}</legend>
        <SelectField
          label={t("search.form.kind")}
          name="kind"
          defaultValue={values.kind}
          options={SEARCH_KIND_OPTIONS.map((o) => ({ id: o.id, label: t(o.label) }))}
          placeholder={t("search.form.everything")}
          error={errors.kind}
        />
        <SelectField
          label={t("search.form.coalition")}
          name="coalition"
          defaultValue={values.coalition}
          options={coalitions.map((c) => ({ id: c.slug, label: c.name }))}
          placeholder={t("search.form.allCoalitions")}
          error={errors.coalition}
        />
        <TextField label={t("search.form.from")} name="from" type="date" defaultValue={values.from} error={errors.from} />
        <TextField label={t("search.form.to")} name="to" type="date" defaultValue={values.to} error={errors.to} />
      </fieldset>
      {errors.page ? <FormAlert message={errors.page} /> : null}
    </Form>
  );
}

function pageHref(values: SearchParamsValues, page: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) params.set(k, v);
  if (page > 1) params.set("page", String(page));
  return `/search?${params}`;
}

function Tips() {
  const t = useT();
  return (
    <ul className="mt-3 list-inside list-disc space-y-1 text-sm text-slate-600">
      <li>
        {t("search.tips.phrase")} <code className="rounded bg-slate-100 px-1">{t("search.tips.phraseExample")}</code>
      </li>
      <li>
        {t("search.tips.prefix")} <code className="rounded bg-slate-100 px-1">{t("search.tips.prefixExample")}</code>
      </li>
      <li>{t("search.tips.anyLanguage")}</li>
    </ul>
  );
}

function Message({ title, children, testId }: { title: string; children?: React.ReactNode; testId: string }) {
  return (
    <div className="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-6 sm:p-8" data-testid={testId} role="status">
      <h2 className="text-lg font-semibold text-slate-800">{title}</h2>
      {children}
    </div>
  );
}

export function SearchOutcomeView({ outcome, values }: { outcome: SearchOutcome; values: SearchParamsValues }) {
  const t = useT();
  if (outcome.problem === "empty") {
    return (
      <Message title={t("search.empty.title")} testId="search-empty">
        <p className="mt-1 text-slate-600">{t("search.empty.body")}</p>
        <Tips />
      </Message>
    );
  }
  if (outcome.problem === "no-terms") {
    return (
      <Message title={t("search.noTerms.title")} testId="search-no-terms">
        <p className="mt-1 text-slate-600">{t("search.noTerms.body")}</p>
        <Tips />
      </Message>
    );
  }
  return (
    <section className="mt-6" aria-label={t("search.results.label")}>
      {outcome.truncated ? (
        <FormAlert tone="info" message={t("search.results.truncated")} />
      ) : null}
      <p className="mt-3 text-sm text-slate-600" data-testid="search-count">
        <FormattedMessage
          id={outcome.total === 0 ? "search.results.countNone" : outcome.capped ? "search.results.countCapped" : "search.results.count"}
          values={{
            count: outcome.total,
            query: (
              <span className="break-all font-medium text-slate-900" dir="auto">
                {outcome.understood}
              </span>
            ),
          }}
        />
        {outcome.pageCount > 1 ? ` · ${t("search.results.pageOfLower", { page: outcome.page, pages: outcome.pageCount })}` : null}
      </p>
      {outcome.total === 0 ? (
        <Message title={t("search.noResults.title")} testId="search-no-results">
          <p className="mt-1 text-slate-600">
            {values.kind || values.coalition || values.from || values.to ? t("search.noResults.bodyFiltered") : t("search.noResults.body")}
          </p>
          <Tips />
        </Message>
      ) : outcome.results.length === 0 ? (
        <Message title={t("search.pastEnd.title")} testId="search-past-end">
          <p className="mt-1 text-slate-600">
            <Link to={pageHref(values, 1)}>{t("search.pastEnd.link")}</Link>
          </p>
        </Message>
      ) : (
        <ol className="mt-3 space-y-3" data-testid="search-results">
          {outcome.results.map((r) => (
            <li key={`${r.kind}:${r.id}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="search-result" data-kind={r.kind}>
              <div className="flex flex-wrap items-center gap-2 text-xs">
                <span className={`rounded-full px-2 py-0.5 font-medium ${KIND_STYLE[r.kind]}`}>
                  {t(KIND_LABEL[r.kind])}
                  {r.versionLabel ? ` · ${r.versionLabel}` : ""}
                  {r.postNumber ? ` #${r.postNumber}` : ""}
                </span>
                <Link to={`/coalitions/${r.coalition.slug}`} className="text-slate-500 hover:text-slate-800">
                  {r.coalition.name}
                </Link>
              </div>
              <h3 className="mt-1.5 text-base font-semibold leading-snug">
                <Link to={r.href} className="text-brand-800" data-testid="result-link" dir="auto">
                  <Highlighted segments={r.title} />
                </Link>
              </h3>
              {r.snippet ? <SnippetText snippet={r.snippet} /> : null}
              <p className="mt-1.5 text-xs text-slate-500">
                {r.by ? `${t(BY_LABEL[r.kind], { name: r.by })} · ` : ""}
                <Time iso={r.at} date />
              </p>
            </li>
          ))}
        </ol>
      )}
      {outcome.pageCount > 1 ? (
        <nav aria-label={t("search.results.pagesLabel")} className="mt-5 flex items-center justify-between text-sm">
          {outcome.page > 1 ? (
            <Link to={pageHref(values, outcome.page - 1)} rel="prev" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium no-underline hover:bg-slate-50">
              {t("search.results.previous")}
            </Link>
          ) : (
            <span />
          )}
          <span className="text-slate-500">
            {t("search.results.pageOf", { page: outcome.page, pages: outcome.pageCount })}
          </span>
          {outcome.page < Math.min(outcome.pageCount, 50) ? (
            <Link to={pageHref(values, outcome.page + 1)} rel="next" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium no-underline hover:bg-slate-50">
              {t("search.results.next")}
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </section>
  );
}
