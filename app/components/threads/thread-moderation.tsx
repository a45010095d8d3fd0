import { Form } from "@remix-run/react";
import { HIDE_REASON_MAX } from "../../lib/thread-validation";
import { useT } from "../../lib/i18n/react";
import { THREAD_AUDIENCES, type ThreadAudience } from "../../lib/thread-audience";
import { Button } from "../form";
import { useAudienceLabel } from "./audience";

/** Coordinators' tools for a thread: pin, lock, who can read it, move. Plain forms: they work without JavaScript. */
export function ThreadModeration({
  thread,
  moveTargets,
  documentTargets,
  currentDocumentId,
  error,
}: {
  thread: { pinned: boolean; locked: boolean; audience: ThreadAudience };
  moveTargets: Array<{ id: string; name: string }>;
  /** The coalition's live documents a thread can be about. */
  documentTargets: Array<{ id: string; title: string }>;
  currentDocumentId: string | null;
  error?: string;
}) {
  const t = useT();
  const audienceLabel = useAudienceLabel();
  return (
    <section aria-label={t("moderation.label")} className="mt-4 rounded-lg border border-slate-200 bg-slate-50 px-4 py-3" data-testid="moderation">
      <div className="flex flex-wrap items-center gap-2">
        <span className="me-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{t("moderation.coordinator")}</span>
        <Form method="post" preventScrollReset>
          <Button type="submit" name="intent" value={thread.pinned ? "unpin" : "pin"} variant="secondary" className="px-3 py-1.5">
            {thread.pinned ? t("moderation.unpin") : t("moderation.pin")}
          </Button>
        </Form>
        {thread.locked ? (
          <Form method="post" preventScrollReset>
            <Button type="submit" name="intent" value="unlock" variant="secondary" className="px-3 py-1.5">
              {t("moderation.unlock")}
            </Button>
          </Form>
        ) : (
          <Form method="post" preventScrollReset className="flex min-w-0 max-w-full flex-wrap items-center gap-2" aria-label={t("moderation.lockForm")} data-testid="lock-form">
            <label htmlFor="lock-reason" className="sr-only">
              {t("moderation.lockReasonLabel")}
            </label>
            <input
              id="lock-reason"
              name="reason"
              maxLength={HIDE_REASON_MAX}
              placeholder={t("moderation.lockReasonPlaceholder")}
              className="w-48 min-w-0 max-w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900"
            />
            <Button type="submit" name="intent" value="lock" variant="secondary" className="px-3 py-1.5">
              {t("moderation.lock")}
            </Button>
          </Form>
        )}
        <Form method="post" preventScrollReset className="flex min-w-0 max-w-full flex-wrap items-center gap-2" aria-label={t("moderation.audienceForm")}>
          <label htmlFor="thread-audience" className="text-sm text-slate-700">
            {t("moderation.readers")}
          </label>
          <select id="thread-audience" name="audience" defaultValue={thread.audience} key={thread.audience} className="min-w-0 max-w-full rounded-md border sm:max-w-[22rem] border-slate-300 bg-white px-2 py-1.5 text-sm">
            {THREAD_AUDIENCES.map((a) => (
              <option key={a} value={a}>
                {audienceLabel(a)}
              </option>
            ))}
          </select>
          <Button type="submit" name="intent" value="audience" variant="secondary" className="px-3 py-1.5">
            {t("moderation.change")}
          </Button>
        </Form>
        <Form method="post" preventScrollReset className="flex min-w-0 max-w-full flex-wrap items-center gap-2" aria-label={t("moderation.moveDocumentForm")} data-testid="move-document">
          <label htmlFor="move-document" className="text-sm text-slate-700">
            {t("moderation.about")}
          </label>
          <select
            id="move-document"
            name="document_id"
            defaultValue={currentDocumentId ?? ""}
            key={currentDocumentId ?? ""}
            className="min-w-0 max-w-[16rem] rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
          >
            <option value="">{t("moderation.noDocument")}</option>
            {documentTargets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.title}
              </option>
            ))}
          </select>
          <Button type="submit" name="intent" value="move-document" variant="secondary" className="px-3 py-1.5">
            {t("moderation.move")}
          </Button>
        </Form>
        {moveTargets.length ? (
          <Form method="post" className="flex flex-wrap items-center gap-2 sm:ms-auto">
            <label htmlFor="move-target" className="text-sm text-slate-700">
              {t("moderation.moveToCoalition")}
            </label>
            <select id="move-target" name="coalition_id" className="min-w-0 max-w-[14rem] rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
              {moveTargets.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
            <Button type="submit" name="intent" value="move" variant="secondary" className="px-3 py-1.5">
              {t("moderation.move")}
            </Button>
          </Form>
        ) : null}
      </div>
      {error ? (
        <p className="mt-2 text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
