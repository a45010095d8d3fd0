import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Card, FormAlert, SelectField, TextField } from "../components/form";
import { AudienceFieldset, MembersOnlyBadge } from "../components/threads/audience";
import { MarkdownComposer } from "../components/threads/markdown-composer";
import { Pager } from "../components/threads/pager";
import { formatTime } from "../lib/format-time";
import { newThreadSchema, pageParam, TITLE_MAX } from "../lib/thread-validation";
import { fieldErrors, formToObject, type FieldErrors } from "../lib/validation";
import { requireCoalitionAccess } from "../models/access.server";
import { previewPost } from "../models/posts.server";
import { createThread, documentChoices, listThreads } from "../models/threads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Threads · ${data.coalitionName} · Coalition Workspace` : "Threads" }];

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
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <section className="min-w-0 lg:col-span-2" aria-labelledby="threads-heading">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h2 id="threads-heading" className="text-xl font-semibold">
              Discussion threads
            </h2>
            <p className="text-sm text-slate-600">
              {total === 0 ? "No threads yet." : `${total.toLocaleString("en")} thread${total === 1 ? "" : "s"} · pinned first, then by latest activity`}
            </p>
          </div>
          {canCreate ? (
            <a href="#new-thread" className="rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white no-underline shadow-sm hover:bg-brand-800 hover:no-underline lg:hidden">
              New thread
            </a>
          ) : null}
        </div>

        {threads.length ? (
          <ul className="mt-4 divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm" aria-label="Threads" data-testid="thread-list">
            {threads.map((t) => {
              const unread = (t.unread ?? 0) > 0;
              return (
                <li key={t.id} className={`flex gap-3 px-4 py-3 sm:px-5 ${t.pinned ? "bg-brand-50/50" : ""}`} data-testid="thread-row">
                  <span aria-hidden="true" className={`mt-2 h-2.5 w-2.5 shrink-0 rounded-full ${unread ? "bg-brand-600" : "bg-transparent"}`} />
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center gap-2">
                      {t.pinned ? <span className="rounded-full bg-brand-100 px-2 py-0.5 text-xs font-medium text-brand-800">Pinned</span> : null}
                      {t.locked ? <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">Locked</span> : null}
                      <MembersOnlyBadge audience={t.audience} />
                      <Link to={t.href} className={`min-w-0 break-words text-base text-slate-900 ${unread ? "font-semibold" : "font-medium"}`}>
                        {t.title}
                      </Link>
                      {unread ? (
                        <span className="rounded-full bg-brand-700 px-2 py-0.5 text-xs font-semibold text-white" data-testid="unread-marker">
                          {t.unread} new
                        </span>
                      ) : null}
                    </div>
                    <p className="mt-1 text-xs text-slate-500">
                      Started by {t.authorName ?? "a former user"} · last post <time dateTime={t.lastActivityAt}>{formatTime(t.lastActivityAt)}</time>
                      {t.lastPostBy ? ` by ${t.lastPostBy}` : ""}
                    </p>
                  </div>
                  <div className="shrink-0 text-end">
                    <p className="text-lg font-semibold leading-none text-slate-700">{t.postCount.toLocaleString("en")}</p>
                    <p className="text-xs text-slate-500">{t.postCount === 1 ? "post" : "posts"}</p>
                  </div>
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="mt-4 rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
            {canCreate ? "No one has started a thread yet. Start the first one." : "No threads yet."}
          </p>
        )}
        <div className="mt-4">
          <Pager page={page} pages={pages} href={(p) => `${base}?page=${p}`} label="Thread pages" />
        </div>
      </section>

      <aside className="min-w-0">
        {canCreate ? (
          <Card>
            <h2 id="new-thread" className="scroll-mt-20 text-lg font-semibold">
              Start a thread
            </h2>
            <div className="mt-4 space-y-4">
              <FormAlert message={actionData?.formError ?? (Object.keys(errors).length ? "Please correct the fields marked below." : null)} />
              <MarkdownComposer
                id="new-thread-form"
                intent="create"
                submitLabel="Start thread"
                label="First post"
                defaultBody={actionData?.values.body}
                bodyError={errors.body}
                preview={actionData?.preview}
                busy={busy}
                rows={8}
              >
                <TextField label="Title" name="title" defaultValue={actionData?.values.title} error={errors.title} maxLength={TITLE_MAX + 50} hint={`Up to ${TITLE_MAX} characters.`} required />
                {documents.length ? (
                  <SelectField
                    label="About a document (optional)"
                    name="document_id"
                    options={documents.map((d) => ({ id: d.id, label: d.title }))}
                    placeholder="Not about a document"
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
            <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Taking part</h2>
            <p className="mt-2 text-sm text-slate-700">
              {signedIn ? (
                "Members and coordinators start threads and post. You can read along."
              ) : (
                <>
                  <Link to={`/login?redirectTo=${encodeURIComponent(base)}`}>Log in</Link> to take part if you are a member of this coalition.
                </>
              )}
            </p>
          </Card>
        )}
      </aside>
    </div>
  );
}
