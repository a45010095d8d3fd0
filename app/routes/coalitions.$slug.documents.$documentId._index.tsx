import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { DocumentEditor } from "../components/documents/document-editor.client";
import { DocumentFrame, StatusPill } from "../components/documents/document-frame";
import { DocumentThreads } from "../components/threads/document-threads";
import { listThreadsForDocument } from "../models/threads.server";
import documentCss from "../components/documents/document.css?url";
import commentsCss from "../components/documents/comments.css?url";
import { commentsForPage, openCommentCount } from "../models/comment-views.server";
import { pendingSuggestionCount } from "../models/suggestions.server";
import { LastEdited } from "../components/documents/last-edited";
import type { LastEdit } from "../components/documents/use-collab.client";
import { VersionsPanel } from "../components/documents/versions-panel";
import { Button, TextField } from "../components/form";
import { TITLE_MAX } from "../lib/document-limits";
import { documentTitleSchema, publishVersionSchema } from "../lib/document-schemas";
import { badRequest, refusalForm } from "../lib/http.server";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { fieldErrors } from "../lib/validation";
import { decideFor, requireCoalitionAccess } from "../models/access.server";
import { documentReading, renameDocument, requireDocument } from "../models/documents.server";
import { listVersionsOf, nextNumberOf, publishSentence, publishVersion } from "../models/versions.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: documentCss }, { rel: "stylesheet", href: commentsCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.document.title} · ${data.coalitionName}` : t("documents.page.metaTitle") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "document:read");
  const doc = await requireDocument(access.coalition.id, params.documentId);
  const [reading, versions, threads] = await Promise.all([documentReading(doc.id), listVersionsOf(doc.id), listThreadsForDocument(doc.id, context.user)]);
  const archived = Boolean(doc.archived_at);
  const canEdit = decideFor(access, "document:edit", { document: { archived } }).ok;
  const readOnlyReason = canEdit
    ? null
    : access.coalition.archived_at
      ? t("documents.readOnly.coalitionArchived")
      : archived
        ? t("documents.readOnly.documentArchived")
        : access.membershipRole === "observer"
          ? t("documents.readOnly.observer")
          : t("documents.readOnly.role");
  return {
    coalitionName: access.coalition.name,
    slug: access.coalition.slug,
    document: { id: doc.id, title: doc.title, lastEditedAt: doc.last_edited_at ?? doc.created_at, lastEditedBy: doc.last_edited_by_name ?? doc.created_by_name, archived },
    user: { id: access.user!.id, name: access.user!.name },
    canEdit,
    canRename: canEdit,
    canPublish: decideFor(access, "version:publish", { document: { archived } }).ok,
    canCompare: access.abilities["version:compare"],
    readOnlyReason,
    reading,
    versions: versions.map((v) => ({ id: v.id, number: v.number, label: v.label, publishedAt: v.publishedAt, publishedBy: v.publishedBy, withdrawn: Boolean(v.withdrawn) })),
    threads,
    canStartThread: access.abilities["thread:create"],
    comments: await commentsForPage(access, doc),
  };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "rename") {
    const access = await requireCoalitionAccess(context, request, params.slug, "document:edit");
    const doc = await requireDocument(access.coalition.id, params.documentId);
    const values = { title: String(form.get("title") ?? "") };
    const parsed = documentTitleSchema.safeParse(values);
    if (!parsed.success) return data({ ok: false as const, intent, fieldErrors: fieldErrors(parsed.error), values }, { status: 400 });
    const renamed = await renameDocument(access, doc, parsed.data.title);
    if (!renamed.ok) return data({ ...refusalForm(renamed, values), intent }, { status: renamed.status });
    return { ok: true as const, intent };
  }
  if (intent === "publish") {
    const access = await requireCoalitionAccess(context, request, params.slug, "version:publish");
    const doc = await requireDocument(access.coalition.id, params.documentId);
    const values = { label: String(form.get("label") ?? ""), note: String(form.get("note") ?? "") };
    const parsed = publishVersionSchema.safeParse(values);
    if (!parsed.success) return data({ ok: false as const, intent, fieldErrors: fieldErrors(parsed.error), values }, { status: 400 });
    // Publishing is deliberate: a POST without confirm=yes only answers what would happen (and
    // "back" returns to the form with the values kept), so a stray or scripted POST publishes nothing.
    const confirm = String(form.get("confirm") ?? "");
    if (confirm === "back") return { ok: false as const, intent, fieldErrors: {}, values };
    if (confirm !== "yes") {
      const number = await nextNumberOf(doc.id);
      const sentence = publishSentence({ number, label: parsed.data.label, documentTitle: doc.title, publicCoalition: access.coalition.visibility === "public" });
      // Open comments do not stop publishing, but the confirmation says how many there are (issue 23).
      const openComments = await openCommentCount(doc.id);
      // Pending suggestions do not either: the version leaves their insertions out (decision 0027).
      const pendingSuggestions = await pendingSuggestionCount(doc.id);
      return data({ ok: false as const, intent, fieldErrors: {}, values, confirm: { number, sentence, openComments, pendingSuggestions } }, { status: 400 });
    }
    const published = await publishVersion(access, doc, parsed.data);
    if (!published.ok) return data({ ...refusalForm(published, values), intent }, { status: published.status });
    return { ok: true as const, intent, published: { id: published.id, number: published.number, label: parsed.data.label } };
  }
  throw badRequest(t("documents.error.unknownAction"));
}

function TitleBar({ lastEdit }: { lastEdit: LastEdit | null }) {
  const t = useT();
  const { document: doc, canRename, slug } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const [editing, setEditing] = useState(false);
  const failure = editing && fetcher.data && !fetcher.data.ok && fetcher.data.intent === "rename" ? (fetcher.data as { fieldErrors: Record<string, string>; values: { title: string } }) : undefined;
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok && fetcher.data.intent === "rename") setEditing(false);
  }, [fetcher.state, fetcher.data]);
  const exportBase = `/coalitions/${slug}/documents/${doc.id}/export`;
  return (
    <div className="mb-5 flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
      <div className="min-w-0 flex-1">
        <p className="text-sm text-slate-500">
          <Link to={`/coalitions/${slug}/documents`}>{t("documents.list.heading")}</Link> <span aria-hidden="true">/</span>
        </p>
        {editing ? (
          <fetcher.Form method="post" className="mt-1 flex flex-wrap items-start gap-2" noValidate>
            <input type="hidden" name="intent" value="rename" />
            <div className="min-w-0 flex-1">
              <TextField label={t("documents.new.title")} name="title" dir="auto" defaultValue={failure?.values.title ?? doc.title} maxLength={TITLE_MAX + 50} error={failure?.fieldErrors.title} autoFocus />
            </div>
            <div className="flex gap-2 pt-6">
              <Button type="submit" disabled={fetcher.state !== "idle"}>{t("documents.rename.save")}</Button>
              <Button type="button" variant="secondary" onClick={() => setEditing(false)}>{t("documents.rename.cancel")}</Button>
            </div>
          </fetcher.Form>
        ) : (
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <h2 className="text-2xl font-semibold tracking-tight" dir="auto" data-testid="document-title" data-draft-label={t("documents.print.draftLabel")}>
              {doc.title}
            </h2>
            {doc.archived ? <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">{t("documents.archivedBadge")}</span> : null}
            {canRename ? (
              <button type="button" onClick={() => setEditing(true)} className="rounded px-2 py-1 text-sm text-slate-500 hover:bg-slate-100 hover:text-slate-800">
                {t("documents.rename.open")}
              </button>
            ) : null}
          </div>
        )}
        <LastEdited savedAt={doc.lastEditedAt} savedBy={doc.lastEditedBy} live={lastEdit} />
      </div>
      <div className="flex shrink-0 flex-wrap items-center gap-2 text-sm" role="group" aria-labelledby="download-label">
        <span id="download-label" className="text-slate-500">{t("documents.download.label")}</span>
        <a href={`${exportBase}.md`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-700 no-underline shadow-sm hover:bg-slate-50" download>
          {t("documents.download.markdown")}
        </a>
        <a href={`${exportBase}.html`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-700 no-underline shadow-sm hover:bg-slate-50" download>
          {t("documents.download.html")}
        </a>
        <a href={`${exportBase}.md?comments=1`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-700 no-underline shadow-sm hover:bg-slate-50" download data-testid="download-md-comments">
          {t("comments.download.withComments")}
        </a>
        <a href={`${exportBase}.docx`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-700 no-underline shadow-sm hover:bg-slate-50" download>
          {t("documents.download.word")}
        </a>
      </div>
    </div>
  );
}

export default function DocumentPage() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const [mounted, setMounted] = useState(false);
  const [lastEdit, setLastEdit] = useState<LastEdit | null>(null);
  useEffect(() => setMounted(true), []);
  const aside = (
    <>
      <VersionsPanel slug={d.slug} documentId={d.document.id} versions={d.versions} canPublish={d.canPublish} canCompare={d.canCompare} />
      <DocumentThreads slug={d.slug} documentId={d.document.id} threads={d.threads} canStart={d.canStartThread} />
    </>
  );
  return (
    <div>
      <TitleBar lastEdit={lastEdit} />
      {mounted ? (
        <DocumentEditor
          key={d.document.id}
          documentId={d.document.id}
          user={d.user}
          canEdit={d.canEdit}
          readOnlyReason={d.readOnlyReason}
          initialHtml={d.reading.html}
          initialOutline={d.reading.outline}
          initialWords={d.reading.words}
          aside={aside}
          authorsUrl={`/coalitions/${d.slug}/documents/${d.document.id}/authors`}
          comments={{ url: `/coalitions/${d.slug}/documents/${d.document.id}/comments`, canComment: d.comments.canComment }}
          suggestionsUrl={`/coalitions/${d.slug}/documents/${d.document.id}/suggestions`}
          onRoleChanged={() => revalidator.revalidate()}
          onEdited={setLastEdit}
        />
      ) : (
        <DocumentFrame status={<StatusPill state="connecting" text={t("editor.status.loading")} />} outline={d.reading.outline} words={d.reading.words} aside={aside}>
          <div className="prose-content document-content" dir="auto" data-testid="document-ssr" dangerouslySetInnerHTML={{ __html: d.reading.html }} />
        </DocumentFrame>
      )}
    </div>
  );
}
