import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Card, FormAlert, SelectField, TextField } from "../components/form";
import { AudienceFieldset, MembersOnlyBadge } from "../components/threads/audience";
import { MarkdownComposer } from "../components/threads/markdown-composer";
import { Pager } from "../components/threads/pager";
import { Time } from "../components/time";
import { formatNumber } from "../lib/i18n/format";
import { t } from "../lib/i18n/messages";
import { FormattedMessage, useT } from "../lib/i18n/react";
import { newThreadSchema, pageParam, TITLE_MAX } from "../lib/thread-validation";
import { fieldErrors, formToObject, type FieldErrors } from "../lib/validation";
import { requireCoalitionAccess } from "../models/access.server";
import { previewPost } from "../models/posts.server";
import { createThread, documentChoices, listThreads } from "../models/threads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? t("threads.list.metaTitle", { coalition: data.coalitionName, site: t("site.name") }) : t("threads.list.heading") },
];

// A preview writes nothing: no need to reload the page's data after one.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "preview" ? false : defaultShouldRevalidate;

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "thread:read");
  const url = new URL(request.url);
  const list = await listThreads(access, pageParam(url.searchParams.get("page")) ?? 1);
  return {
    ...list,
    slug: access.coalition.slug,
    coalitionName: access.coalition.name,
    signedIn: Boolean(access.user),
    canCreate: access.abilities["thread:create"],
    documents: access.abilities["thread:create"] ? await documentChoices(access) : [],
    documentId: url.searchParams.get("document") ?? "",
    defaultAudience: access.coalition.default_thread_audience,
  };
}

type ActionData = { fieldErrors: FieldErrors; formError?: string; values: { title: string; body: string; document_id: string; audience: string }; preview?: string };

export async function action({ context, request, params }: ActionFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "thread:create");
  const form = await request.formData();
  const raw = formToObject(form);
  const values = {
    title: String(raw.title ?? ""),
    body: String(raw.body ?? ""),
    document_id: String(raw.document_id ?? ""),
    audience: String(raw.audience ?? access.coalition.default_thread_audience),
  };
  if (raw.intent === "preview") {
    const preview = await previewPost(access, values.body);
    return preview.ok ? data<ActionData>({ fieldErrors: {}, values, preview: preview.html }) : data<ActionData>({ fieldErrors: { body: preview.error }, values }, { status: 400 });
  }
  const parsed = newThreadSchema.safeParse(raw);
  if (!parsed.success) return data<ActionData>({ fieldErrors: fieldErrors(parsed.error), values }, { status: 400 });
  const result = await createThread(access, {
    title: parsed.data.title,
    body: parsed.data.body,
    documentId: parsed.data.document_id,
    audience: parsed.data.audience,
  });
  if (!result.ok) return data<ActionData>({ fieldErrors: result.fieldErrors ?? {}, formError: result.message, values }, { status: result.status });
  return redirect(`/coalitions/${access.coalition.slug}/threads/${result.threadId}`);
}

export default function ThreadList() {
  const { threads, page, pages, total, slug, signedIn, canCreate, documents, documentId, defaultAudience } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.fieldErrors ?? {};
  const base = `/coalitions/${slug}/threads`;
  const t = useT();
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <section className="min-w-0 lg:col-span-2" aria-labelledby="threads-heading">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h2 id="threads-heading" className="text-xl font-semibold">
              {t("threads.list.heading")}
            </h2>
            <p className="text-sm text-slate-600">
              {total === 0 ? t("threads.list.none") : t("threads.list.count", { count: total })}
            </p>
          </div>
          {canCreate ? (
            <a href="#new-thread" className="rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white no-underline shadow-sm hover:bg-brand-800 hover:no-underline lg:hidden">
              {t("threads.list.new")}
            </a>
          ) : null}
        </div>

        {threads.length ? (
          <ul className="mt-4 divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm" aria-label={t("threads.list.label")} data-testid="thread-list">
            {threads.map((th) => {
              const unread = (th.unread ?? 0) > 0;
              return (
                <li key={th.id} className={`flex gap-3 px-4 py-3 sm:px-5 ${th.pinned ? "bg-brand-50/50" : ""}`} data-testid="thread-row">
                  <span aria-hidden="true" className={`mt-2 h-2.5 w-2.5 shrink-0 rounded-full ${unread ? "bg-brand-600" : "bg-transparent"}`} />
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center gap-2">
                      {th.pinned ? <span className="rounded-full bg-brand-100 px-2 py-0.5 text-xs font-medium text-brand-800">{t("threads.badge.pinned")}</span> : null}
                      {th.locked ? <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">{t("threads.badge.locked")}</span> : null}
                      <MembersOnlyBadge audience={th.audience} />
                      <Link to={th.href} className={`min-w-0 break-words text-base text-slate-900 ${unread ? "font-semibold" : "font-medium"}`} dir="auto">
                        {th.title}
                      </Link>
                      {unread ? (
                        <span className="rounded-full bg-brand-700 px-2 py-0.5 text-xs font-semibold text-white" data-testid="unread-marker">
                          {t("threads.unread", { count: th.unread ?? 0 })}
                        </span>
                      ) : null}
                    </div>
                    <p className="mt-1 text-xs text-slate-500">
                      <FormattedMessage
                        id={th.lastPostBy ? "threads.list.startedLastBy" : "threads.list.started"}
                        values={{
                          author: th.authorName ?? t("threads.list.formerUser"),
                          time: <Time iso={th.lastActivityAt} />,
                          lastBy: th.lastPostBy,
                        }}
                      />
                    </p>
                  </div>
                  <div className="shrink-0 text-end">
                    <p className="text-lg font-semibold leading-none text-slate-700">{formatNumber(th.postCount)}</p>
                    <p className="text-xs text-slate-500">{t("threads.list.postsWord", { count: th.postCount })}</p>
                  </div>
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="mt-4 rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
            {canCreate ? t("threads.list.emptyCanCreate") : t("threads.list.none")}
          </p>
        )}
        <div className="mt-4">
          <Pager page={page} pages={pages} href={(p) => `${base}?page=${p}`} label={t("threads.list.pagerLabel")} />
        </div>
      </section>

      <aside className="min-w-0">
        {canCreate ? (
          <Card>
            <h2 id="new-thread" className="scroll-mt-20 text-lg font-semibold">
              {t("threads.new.heading")}
            </h2>
            <div className="mt-4 space-y-4">
              <FormAlert message={actionData?.formError ?? (Object.keys(errors).length ? t("threads.form.correctFields") : null)} />
              <MarkdownComposer
                id="new-thread-form"
                intent="create"
                submitLabel={t("threads.new.submit")}
                label={t("threads.new.firstPost")}
                defaultBody={actionData?.values.body}
                bodyError={errors.body}
                preview={actionData?.preview}
                busy={busy}
                rows={8}
              >
                <TextField
                  label={t("threads.new.title")}
                  name="title"
                  defaultValue={actionData?.values.title}
                  error={errors.title}
                  maxLength={TITLE_MAX + 50}
                  dir="auto"
                  hint={t("threads.new.titleHint", { max: TITLE_MAX })}
                  required
                />
                {documents.length ? (
                  <SelectField
                    label={t("threads.new.document")}
                    name="document_id"
                    options={documents.map((d) => ({ id: d.id, label: d.title }))}
                    placeholder={t("threads.new.noDocument")}
                    defaultValue={actionData?.values.document_id ?? documentId}
                    error={errors.document_id}
                  />
                ) : null}
                <AudienceFieldset value={actionData?.values.audience ?? defaultAudience} error={errors.audience} />
              </MarkdownComposer>
            </div>
          </Card>
        ) : (
          <Card>
            <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">{t("threads.takingPart.heading")}</h2>
            <p className="mt-2 text-sm text-slate-700">
              {signedIn ? (
                t("threads.takingPart.reader")
              ) : (
                <FormattedMessage id="threads.takingPart.logIn" values={{ link: (chunks: React.ReactNode[]) => <Link to={`/login?redirectTo=${encodeURIComponent(base)}`}>{chunks}</Link> }} />
              )}
            </p>
          </Card>
        )}
      </aside>
    </div>
  );
}
