import { Form } from "@remix-run/react";
import { Button, FormAlert, TextAreaField } from "../form";
import { Time } from "../time";
import { useT } from "../../lib/i18n/react";
import { ANSWERS, COMMENT_MAX, REASON_MAX } from "../../lib/consultation-rules";
import type { MessageId } from "../../lib/i18n/messages";
import type { CommentViewData, FormAnswer } from "./types";

const ANSWER_STYLE: Record<string, string> = {
  accepted: "border-green-300 bg-green-50 text-green-900",
  partly: "border-sky-300 bg-sky-50 text-sky-900",
  rejected: "border-red-300 bg-red-50 text-red-900",
  noted: "border-slate-300 bg-slate-50 text-slate-800",
};

function failureFor(answer: FormAnswer | undefined, intent: string, id: string) {
  return answer && answer.intent === intent && answer.target === id ? answer : undefined;
}

/** One comment (or reply): who, for which group, what; its answer; and the forms the viewer may use on it. */
export function CommentItem({ comment, canReply, canManage, answer, reply = false }: { comment: CommentViewData; canReply: boolean; canManage: boolean; answer?: FormAnswer; reply?: boolean }) {
  const t = useT();
  const replyFailure = failureFor(answer, "reply", comment.id);
  const answerFailure = failureFor(answer, "answer", comment.id);
  const hideFailure = failureFor(answer, "hide", comment.id);
  return (
    <article id={`comment-${comment.id}`} className={`rounded-md border border-slate-200 bg-white p-3 ${reply ? "ms-6 mt-2" : ""}`} data-testid={reply ? "consultation-reply" : "consultation-comment"} aria-label={t("consultation.comment.label", { author: comment.author || t("consultation.formerAccount"), paragraph: comment.paragraph })}>
      <header className="flex flex-wrap items-baseline gap-x-2 text-xs text-slate-600">
        <span className="font-semibold text-slate-900">{comment.author || t("consultation.formerAccount")}</span>
        {comment.handle ? <span dir="ltr">@{comment.handle}</span> : null}
        {!reply ? <span className="rounded-full bg-slate-100 px-2 py-0.5 text-slate-700" data-testid="comment-group">{t("consultation.comment.speaksFor", { group: comment.group })}</span> : null}
        {!reply ? <span>{t("consultation.comment.onParagraph", { paragraph: comment.paragraph })}</span> : null}
        <Time iso={comment.createdAt} />
      </header>
      {comment.html !== null ? (
        <div className="prose-content mt-2 text-sm" dir="auto" data-testid="comment-body" dangerouslySetInnerHTML={{ __html: comment.html }} />
      ) : (
        <p className="mt-2 text-sm italic text-slate-600" data-testid="comment-hidden">{t("consultation.hiddenNotice", { reason: comment.hiddenReason ?? "" })}</p>
      )}
      {comment.answer ? (
        <div className={`mt-2 rounded-md border px-3 py-2 text-sm ${ANSWER_STYLE[comment.answer.value] ?? ""}`} data-testid="comment-answer" data-answer={comment.answer.value}>
          <p className="font-semibold">{comment.answer.by ? t("consultation.comment.answeredBy", { answer: comment.answer.label, name: comment.answer.by }) : comment.answer.label}</p>
          <p className="mt-1 whitespace-pre-line" dir="auto">{comment.answer.reason}</p>
        </div>
      ) : null}
      {comment.replies.map((r) => (
        <CommentItem key={r.id} comment={r} canReply={false} canManage={canManage} answer={answer} reply />
      ))}
      <div className="mt-2 flex flex-wrap gap-x-4 gap-y-2 text-sm">
        {canReply && !reply ? (
          <details open={Boolean(replyFailure)} className="w-full">
            <summary className="cursor-pointer text-brand-700">{t("consultation.reply.button")}</summary>
            <Form method="post" className="mt-2 space-y-2" noValidate>
              <input type="hidden" name="intent" value="reply" />
              <input type="hidden" name="comment" value={comment.id} />
              {replyFailure?.message ? <FormAlert message={replyFailure.message} /> : null}
              <TextAreaField id={`reply-${comment.id}`} label={t("consultation.reply.label")} name="body" rows={3} dir="auto" maxLength={COMMENT_MAX} defaultValue={replyFailure?.values.body} error={replyFailure?.fieldErrors.body} />
              <Button type="submit" variant="secondary">{t("consultation.reply.submit")}</Button>
            </Form>
          </details>
        ) : null}
        {canManage && !reply ? (
          <details open={Boolean(answerFailure)} className="w-full" data-testid="answer-form">
            <summary className="cursor-pointer text-brand-700">{comment.answer ? t("consultation.answer.change") : t("consultation.answer.button")}</summary>
            <Form method="post" className="mt-2 space-y-2" noValidate>
              <input type="hidden" name="intent" value="answer" />
              <input type="hidden" name="comment" value={comment.id} />
              {answerFailure?.message ? <FormAlert message={answerFailure.message} /> : null}
              <fieldset aria-describedby={answerFailure?.fieldErrors.answer ? `answer-${comment.id}-error` : undefined}>
                <legend className="text-sm font-medium text-slate-700">{t("consultation.answer.legend")}</legend>
                <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                  {ANSWERS.map((a) => (
                    <label key={a} className="inline-flex items-center gap-1">
                      <input type="radio" name="answer" value={a} defaultChecked={(answerFailure?.values.answer ?? comment.answer?.value) === a} />
                      {t(`consultation.answer.${a}` as MessageId)}
                    </label>
                  ))}
                </div>
                {answerFailure?.fieldErrors.answer ? <p id={`answer-${comment.id}-error`} className="mt-1 text-sm text-red-700" role="alert">{answerFailure.fieldErrors.answer}</p> : null}
              </fieldset>
              <TextAreaField id={`answer-reason-${comment.id}`} label={t("consultation.answer.reason")} name="reason" rows={2} dir="auto" maxLength={REASON_MAX} defaultValue={answerFailure?.values.reason ?? comment.answer?.reason} error={answerFailure?.fieldErrors.reason} />
              <Button type="submit">{t("consultation.answer.submit")}</Button>
            </Form>
          </details>
        ) : null}
        {canManage && comment.html !== null ? (
          <details open={Boolean(hideFailure)} className="w-full">
            <summary className="cursor-pointer text-red-700">{t("consultation.hide.button")}</summary>
            <Form method="post" className="mt-2 space-y-2" noValidate>
              <input type="hidden" name="intent" value="hide" />
              <input type="hidden" name="comment" value={comment.id} />
              {hideFailure?.message ? <FormAlert message={hideFailure.message} /> : null}
              <TextAreaField id={`hide-reason-${comment.id}`} label={t("consultation.hide.reason")} name="reason" rows={1} dir="auto" defaultValue={hideFailure?.values.reason} error={hideFailure?.fieldErrors.reason} />
              <Button type="submit" variant="danger">{t("consultation.hide.submit")}</Button>
            </Form>
          </details>
        ) : null}
      </div>
    </article>
  );
}
