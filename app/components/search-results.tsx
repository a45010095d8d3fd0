import { Form, Link } from "@remix-run/react";
import type { Segment, Snippet } from "../lib/search-highlight";
import { SEARCH_KIND_OPTIONS, type SearchParamsValues } from "../lib/search-params";
import type { FieldErrors } from "../lib/validation";
import type { SearchOutcome, SearchResultItem } from "../models/search.server";
import { Button, FieldError, FormAlert, SelectField, TextField } from "./form";

const KIND_LABEL: Record<SearchResultItem["kind"], string> = {
  coalition: "Coalition",
  document: "Document",
  output: "Published output",
  thread: "Thread",
  post: "Post",
};

const KIND_STYLE: Record<SearchResultItem["kind"], string> = {
  coalition: "bg-slate-100 text-slate-700",
  document: "bg-amber-100 text-amber-900",
  output: "bg-green-100 text-green-900",
  thread: "bg-brand-50 text-brand-800",
  post: "bg-brand-50 text-brand-800",
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

const BY_LABEL: Record<SearchResultItem["kind"], string> = {
  coalition: "By",
  document: "Last edited by",
  output: "Published by",
  thread: "Started by",
  post: "Posted by",
};

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

export function SearchForm({
  values,
  errors,
  coalitions,
}: {
  values: SearchParamsValues;
  errors: FieldErrors;
  coalitions: Array<{ slug: string; name: string }>;
}) {
  return (
    <Form method="get" action="/search" className="mt-5 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5" role="search">
      <label htmlFor="search-q" className="sr-only">
        Search for
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          id="search-q"
          name="q"
          type="search"
          defaultValue={values.q}
          maxLength={1000}
          placeholder='Words, a "quoted phrase" or a prefix like stand*'
          className="block w-full flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100"
        />
        <Button type="submit">Search</Button>
      </div>
      <FieldError id="search-q-error" message={errors.q} />
      <fieldset className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
        <legend className="sr-only">Filters</legend>
        <SelectField label="Kind" name="kind" defaultValue={values.kind} options={SEARCH_KIND_OPTIONS} placeholder="Everything" error={errors.kind} />
        <SelectField
          label="Coalition"
          name="coalition"
          defaultValue={values.coalition}
          options={coalitions.map((c) => ({ id: c.slug, label: c.name }))}
          placeholder="All coalitions"
          error={errors.coalition}
        />
        <TextField label="From" name="from" type="date" defaultValue={values.from} error={errors.from} />
        <TextField label="To" name="to" type="date" defaultValue={values.to} error={errors.to} />
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
  return (
    <ul className="mt-3 list-inside list-disc space-y-1 text-sm text-slate-600">
      <li>
        Put a phrase in quotes: <code className="rounded bg-slate-100 px-1">"open standards"</code>
      </li>
      <li>
        End a word with a star to find every word that starts with it: <code className="rounded bg-slate-100 px-1">stand*</code>
      </li>
      <li>Any language works: words are matched anywhere in the text, accents or not (é = e).</li>
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
  if (outcome.problem === "empty") {
    return (
      <Message title="What are you looking for?" testId="search-empty">
        <p className="mt-1 text-slate-600">Type a word or a phrase above to search everything you can read.</p>
        <Tips />
      </Message>
    );
  }
  if (outcome.problem === "no-terms") {
    return (
      <Message title="There is nothing to search for in that" testId="search-no-terms">
        <p className="mt-1 text-slate-600">The search contained only punctuation or symbols. Try words instead.</p>
        <Tips />
      </Message>
    );
  }
  const count = outcome.capped ? `${outcome.total.toLocaleString("en")}+` : outcome.total.toLocaleString("en");
  return (
    <section className="mt-6" aria-label="Search results">
      {outcome.truncated ? (
        <FormAlert tone="info" message="Your search was long: only its first words were used." />
      ) : null}
      <p className="mt-3 text-sm text-slate-600" data-testid="search-count">
        {outcome.total === 0 ? "No results" : `${count} result${outcome.total === 1 && !outcome.capped ? "" : "s"}`} for{" "}
        <span className="break-all font-medium text-slate-900">{outcome.understood}</span>
        {outcome.pageCount > 1 ? ` · page ${outcome.page} of ${outcome.pageCount}` : null}
      </p>
      {outcome.total === 0 ? (
        <Message title="No results" testId="search-no-results">
          <p className="mt-1 text-slate-600">Nothing you can read matches this search{values.kind || values.coalition || values.from || values.to ? " with these filters" : ""}.</p>
          <Tips />
        </Message>
      ) : outcome.results.length === 0 ? (
        <Message title="This page is past the last one" testId="search-past-end">
          <p className="mt-1 text-slate-600">
            <Link to={pageHref(values, 1)}>Go to the first page of results</Link>
          </p>
        </Message>
      ) : (
        <ol className="mt-3 space-y-3" data-testid="search-results">
          {outcome.results.map((r) => (
            <li key={`${r.kind}:${r.id}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="search-result" data-kind={r.kind}>
              <div className="flex flex-wrap items-center gap-2 text-xs">
                <span className={`rounded-full px-2 py-0.5 font-medium ${KIND_STYLE[r.kind]}`}>
                  {KIND_LABEL[r.kind]}
                  {r.versionLabel ? ` · ${r.versionLabel}` : ""}
                  {r.postNumber ? ` #${r.postNumber}` : ""}
                </span>
                <Link to={`/coalitions/${r.coalition.slug}`} className="text-slate-500 hover:text-slate-800">
                  {r.coalition.name}
                </Link>
              </div>
              <h3 className="mt-1.5 text-base font-semibold leading-snug">
                <Link to={r.href} className="text-brand-800" data-testid="result-link">
                  <Highlighted segments={r.title} />
                </Link>
              </h3>
              {r.snippet ? <SnippetText snippet={r.snippet} /> : null}
              <p className="mt-1.5 text-xs text-slate-500">
                {r.by ? `${BY_LABEL[r.kind]} ${r.by} · ` : ""}
                <time dateTime={r.at}>{dateFormat.format(new Date(r.at))}</time>
              </p>
            </li>
          ))}
        </ol>
      )}
      {outcome.pageCount > 1 ? (
        <nav aria-label="Result pages" className="mt-5 flex items-center justify-between text-sm">
          {outcome.page > 1 ? (
            <Link to={pageHref(values, outcome.page - 1)} rel="prev" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium no-underline hover:bg-slate-50">
              ← Previous
            </Link>
          ) : (
            <span />
          )}
          <span className="text-slate-500">
            Page {outcome.page} of {outcome.pageCount}
          </span>
          {outcome.page < Math.min(outcome.pageCount, 50) ? (
            <Link to={pageHref(values, outcome.page + 1)} rel="next" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium no-underline hover:bg-slate-50">
              Next →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </section>
  );
}
