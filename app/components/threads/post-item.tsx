import { Form, Link } from "@remix-run/react";
import { formatTime } from "../../lib/format-time";
import { useT } from "../../lib/i18n/react";
import { HIDE_REASON_MAX } from "../../lib/thread-validation";
import { Button } from "../form";
import { MarkdownComposer } from "./markdown-composer";
import { PostBody } from "./post-body";
import type { PostView } from "../../models/threads.server";

/** What the thread page hands each post (shaped by the threads model). */
export type PostItemData = PostView;

export interface PostPermissions {
  canPost: boolean;
  canModerate: boolean;
  locked: boolean;
}

export interface EditState {
  body?: string;
  error?: string;
  preview?: string | null;
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts.length > 1 ? parts[parts.length - 1][0] : "")).toUpperCase();
}

const actionLink = "rounded px-2 py-1 text-xs font-medium text-slate-600 no-underline hover:bg-slate-100 hover:text-slate-900 hover:no-underline";

/** One post: author, time, "edited", the reply quote, the text (or why it is not shown), actions. */
export function PostItem({
  post,
  pageHref,
  perms,
  editing,
  edit,
  busy,
}: {
  post: PostItemData;
  /** This page's address without the query parts the actions add (e.g. `…?page=3`). */
  pageHref: (extra?: Record<string, string>) => string;
  perms: PostPermissions;
  editing: boolean;
  edit?: EditState;
  busy?: boolean;
}) {
  const t = useT();
  const muted = post.deleted || Boolean(post.hidden);
  return (
    <article id={`post-${post.number}`} data-testid="post" data-post-number={post.number} className="scroll-mt-20 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <header className="flex flex-wrap items-start gap-x-3 gap-y-1">
        <span aria-hidden="true" className={`flex h-9 w-9 shrink-0 items-center justify-center rounded-full text-sm font-semibold ${muted ? "bg-slate-100 text-slate-400" : "bg-brand-100 text-brand-800"}`}>
          {initials(post.author.name)}
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-baseline gap-x-2">
            <span className="font-semibold text-slate-900" data-testid="post-author" dir="auto">
              {post.author.name}
            </span>
            {post.mine ? <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-600">{t("posts.you")}</span> : null}
          </div>
          {post.author.organization || post.author.group ? (
            <p className="text-xs text-slate-500 sm:truncate">{[post.author.organization, post.author.group].filter(Boolean).join(" · ")}</p>
          ) : null}
        </div>
        <div className="basis-full ps-12 text-xs text-slate-500 sm:basis-auto sm:shrink-0 sm:ps-0 sm:text-end">
          <a href={`#post-${post.number}`} className="text-slate-500">
            #{post.number}
          </a>{" "}
          <time dateTime={post.createdAt}>{formatTime(post.createdAt)}</time>
          {post.editedAt && !post.deleted ? (
            post.revisions.length ? (
              <a href={`#post-${post.number}-history`} className="ms-1 rounded bg-slate-100 px-1.5 py-0.5 text-slate-600" title={t("posts.editedSeeVersions", { time: formatTime(post.editedAt) })} data-testid="edited">
                {t("posts.edited")}
              </a>
            ) : (
              <span className="ms-1 rounded bg-slate-100 px-1.5 py-0.5 text-slate-600" title={t("posts.editedAt", { time: formatTime(post.editedAt) })} data-testid="edited">
                {t("posts.edited")}
              </span>
            )
          ) : null}
        </div>
      </header>

      {post.replyTo ? (
        <Link to={post.replyTo.href} className="mt-3 block rounded-md border-s-4 border-brand-100 bg-slate-50 px-3 py-2 text-sm text-slate-600 no-underline hover:bg-brand-50 hover:no-underline" data-testid="reply-quote">
          <span className="font-medium text-brand-700">
            {t("posts.inReplyTo", { number: post.replyTo.number, name: post.replyTo.authorName })}
          </span>
          <span className="mt-0.5 line-clamp-2 block" dir="auto">
            {post.replyTo.excerpt}
          </span>
        </Link>
      ) : null}

      <div className="mt-3 sm:ps-12">
        {post.deleted ? (
          <p className="text-sm italic text-slate-500" data-testid="post-deleted">
            {t("posts.deletedByAuthor")}
          </p>
        ) : editing ? (
          <MarkdownComposer
            id={`edit-${post.id}`}
            intent="edit"
            submitLabel={t("posts.edit.save")}
            label={t("posts.edit.label")}
            defaultBody={edit?.body}
            bodyError={edit?.error}
            preview={edit?.preview}
            hidden={{ post_id: post.id }}
            busy={busy}
          >
            <p className="text-sm">
              <Link to={`${pageHref()}#post-${post.number}`}>{t("posts.edit.cancel")}</Link>
            </p>
          </MarkdownComposer>
        ) : (
          <>
            {post.hidden ? (
              <p className="mb-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="post-hidden">
                {t("posts.hiddenByCoordinator", { reason: post.hidden.reason })}
              </p>
            ) : null}
            {post.html ? (
              <div className={post.hidden ? "opacity-60" : ""} data-testid="post-body">
                <PostBody html={post.html} />
              </div>
            ) : null}
          </>
        )}
      </div>

      {!editing ? <PostActions post={post} pageHref={pageHref} perms={perms} /> : null}

      {post.revisions.length ? (
        <details id={`post-${post.number}-history`} className="mt-3 scroll-mt-20 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm sm:ms-12" data-testid="revisions">
          <summary className="cursor-pointer font-medium text-slate-700">
            {t("posts.revisions.summary", { count: post.revisions.length })} · {post.mine ? t("posts.revisions.visibleMine") : t("posts.revisions.visibleOthers")}
          </summary>
          <ol className="mt-2 space-y-2">
            {post.revisions.map((r) => (
              <li key={r.id}>
                <p className="text-xs text-slate-500">
                  {r.reason === "delete" ? t("posts.revisions.whenDeleted") : t("posts.revisions.beforeEdit")} · {formatTime(r.createdAt)}
                  {r.editorName ? ` · ${t("posts.revisions.by", { name: r.editorName })}` : ""}
                </p>
                <pre dir="auto" className="mt-1 whitespace-pre-wrap break-words rounded bg-white p-2 font-mono text-xs text-slate-700">{r.body}</pre>
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </article>
  );
}

function PostActions({ post, pageHref, perms }: { post: PostItemData; pageHref: (extra?: Record<string, string>) => string; perms: PostPermissions }) {
  const canReply = perms.canPost && !perms.locked && !post.deleted;
  const canEdit = post.mine && perms.canPost && !perms.locked && !post.deleted;
  // A locked thread is frozen as it stands: its authors neither edit nor delete (the policy refuses both).
  const canDelete = post.mine && perms.canPost && !perms.locked && !post.deleted;
  const canHide = perms.canModerate && !post.deleted;
  const t = useT();
  if (!canReply && !canEdit && !canDelete && !canHide) return null;
  return (
    <div className="mt-3 flex flex-wrap items-start gap-1 sm:ps-12" data-testid="post-actions">
      {canReply ? (
        <Link to={`${pageHref({ reply: post.id })}#composer`} className={actionLink} preventScrollReset>
          {t("posts.action.reply")}
        </Link>
      ) : null}
      {canEdit ? (
        <Link to={`${pageHref({ edit: post.id })}#post-${post.number}`} className={actionLink} preventScrollReset>
          {t("posts.action.edit")}
        </Link>
      ) : null}
      {canDelete ? (
        <details className="group">
          <summary className={`${actionLink} cursor-pointer list-none`}>{t("posts.action.deleteMenu")}</summary>
          <Form method="post" className="mt-1 flex flex-wrap items-center gap-2 rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-900" preventScrollReset>
            <input type="hidden" name="post_id" value={post.id} />
            <span>{t("posts.action.deleteConfirm")}</span>
            <Button type="submit" name="intent" value="delete" variant="danger" className="px-2 py-1 text-xs">
              {t("posts.action.deleteYes")}
            </Button>
          </Form>
        </details>
      ) : null}
      {canHide ? (
        post.hidden ? (
          <Form method="post" preventScrollReset>
            <input type="hidden" name="post_id" value={post.id} />
            <button type="submit" name="intent" value="unhide" className={actionLink}>
              {t("moderation.unhide")}
            </button>
          </Form>
        ) : (
          <details>
            <summary className={`${actionLink} cursor-pointer list-none`}>{t("moderation.hideMenu")}</summary>
            <Form method="post" className="mt-1 flex flex-wrap items-end gap-2 rounded-md border border-amber-200 bg-amber-50 p-2" preventScrollReset>
              <input type="hidden" name="post_id" value={post.id} />
              <label className="text-xs text-amber-900">
                {t("moderation.hideReason")}
                <input name="reason" required maxLength={HIDE_REASON_MAX} className="mt-1 block w-56 rounded border border-amber-300 bg-white px-2 py-1 text-sm text-slate-900" />
              </label>
              <Button type="submit" name="intent" value="hide" variant="secondary" className="px-2 py-1 text-xs">
                {t("moderation.hidePost")}
              </Button>
            </Form>
          </details>
        )
      ) : null}
    </div>
  );
}
