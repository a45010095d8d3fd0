import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Link, useActionData, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { FormAlert } from "../components/form";
import { MembersOnlyBadge } from "../components/threads/audience";
import { MarkdownComposer } from "../components/threads/markdown-composer";
import { Pager } from "../components/threads/pager";
import { PostItem } from "../components/threads/post-item";
import { ThreadModeration } from "../components/threads/thread-moderation";
import { useLiveThread } from "../components/threads/use-live-thread";
import { refusalResponse } from "../lib/http.server";
import { t } from "../lib/i18n/messages";
import { FormattedMessage, useT } from "../lib/i18n/react";
import { refusal, threadNotFoundMessage } from "../lib/policy";
import { pageParam } from "../lib/thread-validation";
import { requireCoalitionAccess } from "../models/access.server";
import { findReplyTarget } from "../models/posts.server";
import { findThread, threadPage } from "../models/threads.server";
import { runThreadIntent, type ThreadActionData } from "../models/thread-actions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? t("threads.page.metaTitle", { title: data.thread.title, site: t("site.name") }) : t("threads.page.metaFallback") },
];

// A preview writes nothing: no need to reload the page's data after one.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "preview" ? false : defaultShouldRevalidate;

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "thread:read");
  const found = await findThread(access, params.threadId ?? "");
  if (!found) throw refusalResponse(refusal(404, threadNotFoundMessage()));
  if ("movedTo" in found) throw redirect(found.movedTo);
  const url = new URL(request.url);
  const view = await threadPage(access, found.thread, pageParam(url.searchParams.get("page")), url.searchParams.get("edit"), pageParam(url.searchParams.get("part")));
  const canPost = access.abilities["post:create"];
  return {
    ...view,
    slug: access.coalition.slug,
    signedIn: Boolean(access.user),
    canPost,
    canModerate: access.abilities["thread:moderate"],
    replyTarget: canPost ? await findReplyTarget(found.thread.id, url.searchParams.get("reply")) : null,
    editId: url.searchParams.get("edit"),
  };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await runThreadIntent({ context, request, slug: params.slug, threadId: params.threadId ?? "", form });
  if ("redirect" in result) return redirect(result.redirect);
  return data<ThreadActionData>(result.data, { status: result.status });
}

/** Forms of the coordinators' bar: their errors show there. */
const MODERATION_INTENTS: ReadonlySet<string> = new Set(["move", "move-document", "lock", "audience"]);

export default function ThreadPage() {
  const loaded = useLoaderData<typeof loader>();
  const { thread, posts, page, pages, part, parts, slug, canPost, canModerate, signedIn, replyTarget, editId, firstUnread, moveTargets, documentTargets, currentDocumentId } = loaded;
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const base = `/coalitions/${slug}/threads/${thread.id}`;
  const pageHref = (extra: Record<string, string> = {}) => `${base}?${new URLSearchParams({ page: String(page), ...(part > 1 ? { part: String(part) } : {}), ...extra })}`;
  const partHref = (n: number) => `${base}?${new URLSearchParams({ page: String(page), ...(n > 1 ? { part: String(n) } : {}) })}`;
  const lastPart = part >= parts.length;
  const live = useLiveThread(`${base}/events`, page >= pages && lastPart && !editId);
  const navigate = useNavigate();
  const t = useT();

  // A link to a post (…?page=3#post-120) on a page split by size: open the part that holds it.
  useEffect(() => {
    const wanted = /^#post-(\d+)$/.exec(window.location.hash)?.[1];
    if (!wanted || document.getElementById(`post-${wanted}`)) return;
    const n = parts.findIndex((p) => Number(wanted) >= p.from && Number(wanted) <= p.to) + 1;
    if (n > 0 && n !== part) navigate(`${partHref(n)}#post-${wanted}`, { replace: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [page, part, parts]);

  // Clear the composer once our own post has gone through (the action redirected: no actionData).
  const [posted, setPosted] = useState(0);
  const wasPosting = useRef(false);
  const posting = navigation.state !== "idle" && navigation.formData?.get("intent") === "post";
  useEffect(() => {
    if (wasPosting.current && !posting && !actionData) setPosted((n) => n + 1);
    wasPosting.current = posting;
  }, [posting, actionData]);

  // Open at the first unread post (the loader already picked its page).
  useEffect(() => {
    if (firstUnread && !window.location.hash) document.getElementById("first-unread")?.scrollIntoView({ block: "start" });
    // Only on arrival, not when live posts revalidate the page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [thread.id]);

  const composerError = actionData?.intent === "post" || actionData?.intent === "preview" ? actionData : undefined;
  const editError = actionData?.intent === "edit" || (actionData?.intent === "preview" && actionData.values.post_id) ? actionData : undefined;
  const perms = { canPost, canModerate, locked: thread.locked };
  return (
    <div className="mx-auto max-w-4xl" data-live={live.connected ? "connected" : "off"} data-testid="thread-page">
      <p className="text-sm">
        <Link to={`/coalitions/${slug}/threads`}>{t("threads.page.back")}</Link>
      </p>
      <div className="mt-2 flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="break-words text-2xl font-semibold tracking-tight" data-testid="thread-title" dir="auto">
            {thread.title}
          </h2>
          <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            {thread.pinned ? <span className="rounded-full bg-brand-100 px-2 py-0.5 text-xs font-medium text-brand-800">{t("threads.badge.pinned")}</span> : null}
            {thread.locked ? <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">{t("threads.badge.locked")}</span> : null}
            <MembersOnlyBadge audience={thread.audience} />
            <span>{t("threads.postCount", { count: thread.postCount })}</span>
            {thread.document ? (
              <span>
                ·{" "}
                <FormattedMessage
                  id="threads.page.about"
                  values={{
                    document: (
                      <Link to={thread.document.href} dir="auto">
                        {thread.document.title}
                      </Link>
                    ),
                  }}
                />
              </span>
            ) : null}
            <span>
              · <a href={`${base}/export`}>{t("threads.page.export")}</a>
            </span>
          </div>
        </div>
      </div>

      {canModerate ? (
        <ThreadModeration thread={thread} moveTargets={moveTargets} documentTargets={documentTargets} currentDocumentId={currentDocumentId} error={MODERATION_INTENTS.has(actionData?.intent ?? "") ? actionData?.formError ?? Object.values(actionData?.fieldErrors ?? {})[0] : undefined} />
      ) : null}

      <div className="mt-5">
        <Pager page={page} pages={pages} href={(p) => `${base}?page=${p}`} label={t("threads.page.pagerLabel")} />
      </div>
      {actionData?.formError && actionData.intent !== "post" && !MODERATION_INTENTS.has(actionData.intent) ? (
        <div className="mt-4">
          <FormAlert message={actionData.formError} />
        </div>
      ) : null}

      <ol className="mt-4 space-y-3" aria-label={t("threads.page.postsLabel")}>
        {posts.map((post) => (
          <li key={post.id}>
            {firstUnread === post.number && post.number > 1 ? (
              <p className="mb-3 flex items-center gap-3 text-xs font-semibold uppercase tracking-wide text-brand-700" id="first-unread" data-testid="first-unread">
                <span className="h-px flex-1 bg-brand-600/40" /> {t("threads.page.newSince")} <span className="h-px flex-1 bg-brand-600/40" />
              </p>
            ) : null}
            <PostItem
              post={post}
              pageHref={pageHref}
              perms={perms}
              busy={busy}
              editing={post.mine && (editId === post.id || editError?.values.post_id === post.id)}
              edit={
                editError?.values.post_id === post.id
                  ? { body: editError.values.body, error: editError.fieldErrors.body, preview: editError.preview }
                  : { body: post.source ?? undefined }
              }
            />
          </li>
        ))}
      </ol>

      {parts.length > 1 ? (
        <nav className="mt-4 flex flex-wrap items-center gap-3 rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm" aria-label={t("threads.page.partsLabel")} data-testid="page-parts">
          <span>
            {t("threads.page.partOf", { part, parts: parts.length, from: parts[part - 1]?.from, to: parts[part - 1]?.to })}
          </span>
          {part > 1 ? <Link to={partHref(part - 1)}>{t("threads.page.previousPart")}</Link> : null}
          {part < parts.length ? <Link to={partHref(part + 1)}>{t("threads.page.nextPart")}</Link> : null}
        </nav>
      ) : null}
      {page < pages ? (
        <p className="mt-4 rounded-md border border-brand-100 bg-brand-50 px-4 py-3 text-sm text-brand-800" role="status">
          {live.pending > 0 ? t("threads.page.pending", { count: live.pending }) : t("threads.page.morePosts")}{" "}
          <Link to={`${base}?page=${pages}`}>{t("threads.page.goLatest")}</Link>
        </p>
      ) : null}
      <div className="mt-4">
        <Pager page={page} pages={pages} href={(p) => `${base}?page=${p}`} label={t("threads.page.pagerLabelBottom")} />
      </div>

      <section id="composer" className="mt-6 scroll-mt-20" aria-label={t("threads.page.composerLabel")}>
        {thread.locked ? (
          <FormAlert tone="info" message={thread.lockedReason ? t("threads.page.lockedReason", { reason: thread.lockedReason }) : t("threads.page.locked")} />
        ) : canPost ? (
          <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
            <h3 className="text-base font-semibold">{replyTarget ? t("threads.page.replyTo", { number: replyTarget.number }) : t("threads.page.addPost")}</h3>
            {replyTarget ? (
              <div className="mt-2 rounded-md border-s-4 border-brand-100 bg-slate-50 px-3 py-2 text-sm text-slate-600" data-testid="replying-to">
                <span className="font-medium text-brand-700">{t("threads.page.replyingTo", { number: replyTarget.number, name: replyTarget.authorName })}</span> ·{" "}
                <Link to={`${pageHref()}#composer`}>{t("threads.page.cancelReply")}</Link>
                <span className="mt-0.5 line-clamp-2 block" dir="auto">
                  {replyTarget.excerpt}
                </span>
              </div>
            ) : null}
            <div className="mt-3">
              {composerError?.formError ? (
                <div className="mb-3">
                  <FormAlert message={composerError.formError} />
                </div>
              ) : null}
              <MarkdownComposer
                id="post-form"
                intent="post"
                submitLabel={t("threads.page.submitPost")}
                defaultBody={composerError && !composerError.values.post_id ? composerError.values.body : undefined}
                bodyError={composerError?.fieldErrors.body}
                preview={composerError && !composerError.values.post_id ? composerError.preview : undefined}
                hidden={replyTarget ? { reply_to: replyTarget.id } : undefined}
                busy={busy}
                resetSignal={posted}
              />
            </div>
          </div>
        ) : (
          <FormAlert
            tone="info"
            message={signedIn ? t("threads.page.readOnly") : t("threads.page.logInToTakePart")}
          />
        )}
      </section>
    </div>
  );
}
