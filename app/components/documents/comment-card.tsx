import { useState, type FormEvent } from "react";
import type { CommentReplyView, CommentThreadView } from "../../lib/comment-types";
import { COMMENT_MAX } from "../../lib/comment-schemas";
import { useT } from "../../lib/i18n/react";
import { formatTime } from "../../lib/format-time";
import { Button, TextAreaField } from "../form";

/** What a card's form sends: the answer is null when done, else the message (the values stay in the form). */
export type CommentSend = (fields: Record<string, string>) => Promise<{ message: string; fieldErrors: Record<string, string> } | null>;

/** A textarea and its buttons, for a new comment, a reply or an edit. The typed text stays after a refusal. */
export function CommentForm(props: { label: string; submit: string; initial?: string; onSubmit: (body: string) => ReturnType<CommentSend>; onCancel?: () => void; autoFocus?: boolean; idBase: string }) {
  const t = useT();
  const [body, setBody] = useState(props.initial ?? "");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const failed = await props.onSubmit(body);
    setBusy(false);
    if (failed) setError(failed.fieldErrors.body ?? failed.message);
    else setBody("");
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-2" data-testid="comment-form">
      <TextAreaField
        id={`${props.idBase}-body`}
        label={props.label}
        name="body"
        rows={3}
        dir="auto"
        value={body}
        maxLength={COMMENT_MAX + 100}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape" && props.onCancel) props.onCancel();
        }}
        error={error}
        hint={t("comments.form.hint")}
        autoFocus={props.autoFocus}
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={busy} className="px-3 py-1">{props.submit}</Button>
        {props.onCancel ? (
          <Button type="button" variant="secondary" className="px-3 py-1" onClick={props.onCancel}>
            {t("comments.form.cancel")}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

const CHECK = "\u2713 ";
const linkButton = "rounded px-1.5 py-0.5 text-xs font-medium text-slate-600 underline-offset-2 hover:bg-slate-100 hover:text-slate-900 hover:underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600";

function Entry({ c, send, top }: { c: CommentReplyView; send: CommentSend; top?: CommentThreadView }) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  if (editing && c.body !== null) {
    return (
      <CommentForm
        idBase={`edit-${c.id}`}
        label={t("comments.form.editLabel")}
        submit={t("comments.form.save")}
        initial={c.body}
        autoFocus
        onCancel={() => setEditing(false)}
        onSubmit={async (body) => {
          const failed = await send({ intent: "edit", id: c.id, body });
          if (!failed) setEditing(false);
          return failed;
        }}
      />
    );
  }
  return (
    <div data-testid="comment-entry">
      <p className="text-xs text-slate-600">
        <span className="font-semibold text-slate-800" dir="auto">{c.authorName}</span>{" "}
        <time dateTime={c.createdAt}>{formatTime(c.createdAt)}</time>
        {c.editedAt ? <> · {t("comments.card.edited")}</> : null}
      </p>
      <div className="prose-content mt-1 text-sm" dir="auto" dangerouslySetInnerHTML={{ __html: c.bodyHtml }} />
      <div className="mt-1 flex flex-wrap gap-1">
        {c.canEdit ? (
          <button type="button" className={linkButton} onClick={() => setEditing(true)}>
            {t("comments.card.edit")}
          </button>
        ) : null}
        {c.canDelete ? (
          <button
            type="button"
            className={linkButton}
            onClick={() => {
              if (window.confirm(top ? t("comments.card.deleteConfirm") : t("comments.card.deleteReplyConfirm"))) void send({ intent: "delete", id: c.id });
            }}
          >
            {t("comments.card.delete")}
          </button>
        ) : null}
      </div>
    </div>
  );
}

/** One comment with its replies: focusable, named by its author and the text it is about. */
export function CommentCard(props: {
  c: CommentThreadView;
  number: number | null;
  removed: boolean;
  active: boolean;
  canComment: boolean;
  send: CommentSend;
  onActivate: () => void;
  style?: React.CSSProperties;
  cardRef?: (el: HTMLElement | null) => void;
}) {
  const t = useT();
  const { c } = props;
  const [replying, setReplying] = useState(false);
  const resolved = Boolean(c.resolvedAt);
  return (
    <li
      ref={props.cardRef}
      id={`comment-${c.id}`}
      style={props.style}
      data-testid="comment-card"
      data-comment-id={c.id}
      data-state={resolved ? "resolved" : props.removed ? "removed" : "open"}
      data-active={props.active ? "yes" : "no"}
      className={`comment-card rounded-md border bg-white p-3 text-sm shadow-sm ${props.active ? "border-brand-600 ring-2 ring-inset ring-brand-600" : "border-slate-200"}`}
    >
      <button type="button" onClick={props.onActivate} className="block w-full rounded text-start focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600" aria-current={props.active ? "true" : undefined} data-testid="comment-focus">
        <span className="flex items-start gap-2">
          {props.number !== null ? (
            <span className="comment-number" aria-hidden="true">{props.number}</span>
          ) : null}
          <span className="min-w-0 flex-1">
            <span className="sr-only">{t("comments.card.about", { name: c.authorName, quote: c.quote })}</span>
            <span aria-hidden="true" className="block truncate border-s-2 border-slate-300 ps-2 text-xs italic text-slate-600" dir="auto">{c.quote}</span>
          </span>
        </span>
      </button>
      {props.removed && !resolved ? (
        <p className="mt-2 inline-block rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-amber-300" data-testid="comment-removed">
          {t("comments.card.textRemoved")}
        </p>
      ) : null}
      {resolved ? (
        <p className="mt-2 text-xs text-slate-600" data-testid="comment-resolved-note">
          <span aria-hidden="true">{CHECK}</span>
          {t("comments.card.resolvedBy", { name: c.resolvedBy ?? "" })}
        </p>
      ) : null}
      <div className="mt-2 space-y-3">
        <Entry c={c} send={props.send} top={c} />
        {c.replies.length ? (
          <ul className="space-y-3 border-s-2 border-slate-100 ps-3" aria-label={t("comments.card.replies", { count: c.replies.length })}>
            {c.replies.map((r) => (
              <li key={r.id}>
                <Entry c={r} send={props.send} />
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {props.canComment ? (
        <div className="mt-2">
          {replying ? (
            <CommentForm
              idBase={`reply-${c.id}`}
              label={t("comments.form.replyLabel")}
              submit={t("comments.form.reply")}
              autoFocus
              onCancel={() => setReplying(false)}
              onSubmit={async (body) => {
                const failed = await props.send({ intent: "reply", parent_id: c.id, body });
                if (!failed) setReplying(false);
                return failed;
              }}
            />
          ) : (
            <div className="flex flex-wrap gap-1">
              <button type="button" className={linkButton} onClick={() => setReplying(true)}>
                {t("comments.form.reply")}
              </button>
              <button type="button" className={linkButton} data-testid={resolved ? "comment-reopen" : "comment-resolve"} onClick={() => void props.send({ intent: resolved ? "reopen" : "resolve", id: c.id })}>
                {resolved ? t("comments.card.reopen") : t("comments.card.resolve")}
              </button>
            </div>
          )}
        </div>
      ) : null}
    </li>
  );
}
