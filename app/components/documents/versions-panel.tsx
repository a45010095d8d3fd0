import { useActionData, useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Button, FormAlert, TextAreaField, TextField } from "../form";
import { LABEL_MAX, NOTE_MAX } from "../../lib/document-limits";
import { useT } from "../../lib/i18n/react";
import { formatDate } from "./format";

/** A sign before the open-comments warning (the words say it; the sign is for the eyes). */
const WARNING_SIGN = "\u26a0 ";

export interface VersionItem {
  id: string;
  number: number;
  label: string;
  publishedAt: string;
  publishedBy: string | null;
  withdrawn: boolean;
}

type PublishResult =
  | { ok: false; intent?: string; fieldErrors: Record<string, string>; values: { label: string; note: string }; formError?: string; confirm?: { number: number; sentence: string; openComments?: number; pendingSuggestions?: number } }
  | { ok: true; intent?: string; published: { id: string; number: number; label: string } };

/** What publishing does not settle (open comments, pending suggestions), said before it is confirmed. */
function PublishWarning({ testId, text }: { testId: string; text: string }) {
  return (
    <p role="note" className="text-sm font-medium text-amber-950" data-testid={testId}>
      <span aria-hidden="true">{WARNING_SIGN}</span>
      {text}
    </p>
  );
}

/** The editor's side panel: published versions, comparison links and (coordinators) the publish form. */
export function VersionsPanel(props: { slug: string; documentId: string; versions: VersionItem[]; canPublish: boolean; canCompare: boolean }) {
  const t = useT();
  const fetcher = useFetcher<PublishResult>();
  // Without JavaScript the form is an ordinary POST and its answer comes back as the page's action data.
  const actionData = useActionData<PublishResult>();
  const form = useRef<HTMLFormElement>(null);
  const result = fetcher.data ?? (actionData?.intent === "publish" ? actionData : undefined);
  const confirming = result && !result.ok ? result.confirm : undefined;
  const failure = result && !result.ok ? result : undefined;
  const busy = fetcher.state !== "idle";
  useEffect(() => {
    if (result?.ok) form.current?.reset();
  }, [result]);
  const base = `/coalitions/${props.slug}`;
  return (
    <>
      <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="versions-heading">
        <h2 id="versions-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">{t("versions.panel.heading")}</h2>
        {props.versions.length ? (
          <ol className="mt-2 divide-y divide-slate-100 text-sm" data-testid="versions-list">
            {props.versions.map((v) => (
              <li key={v.id} className="py-2">
                <a href={`${base}/outputs/${v.id}`} className="font-medium">
                  {t("versions.short", { number: v.number })} · <bdi>{v.label}</bdi>
                </a>
                {v.withdrawn ? <span className="ms-2 rounded-full border border-red-300 bg-red-50 px-2 py-0.5 text-xs font-semibold text-red-800">{t("versions.withdrawn")}</span> : null}
                <p className="text-xs text-slate-500">
                  <time dateTime={v.publishedAt} suppressHydrationWarning>{formatDate(v.publishedAt)}</time>
                  {v.publishedBy ? <> · <bdi>{v.publishedBy}</bdi></> : null}
                  {props.canCompare ? (
                    <>
                      {" · "}
                      <a href={`${base}/documents/${props.documentId}/compare?from=${v.id}&to=draft`}>{t("versions.panel.compareWithDraft")}</a>
                    </>
                  ) : null}
                </p>
              </li>
            ))}
          </ol>
        ) : (
          <p className="mt-2 text-sm text-slate-500">{t("versions.panel.none")}</p>
        )}
        <p className="mt-2 text-sm">
          <a href={`${base}/documents/${props.documentId}/timeline`} data-testid="timeline-link">
            {t("timeline.link")}
          </a>
        </p>
      </section>
      {props.canPublish ? (
        <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="publish-heading">
          <h2 id="publish-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">{t("versions.publish.heading")}</h2>
          <p className="mt-1 text-xs text-slate-500">{t("versions.publish.explain")}</p>
          {result?.ok ? (
            <div className="mt-3">
              <FormAlert tone="success" message={t("versions.publish.done", { number: result.published.number, label: result.published.label })} />
              <a href={`${base}/outputs/${result.published.id}`} className="mt-2 inline-block text-sm font-medium" data-testid="published-link">
                {t("versions.publish.open")}
              </a>
            </div>
          ) : null}
          {failure?.formError ? <div className="mt-3"><FormAlert message={failure.formError} /></div> : null}
          {confirming && failure ? (
            <fetcher.Form method="post" className="mt-3 space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3" data-testid="publish-confirm">
              <h3 className="text-sm font-semibold text-amber-950">{t("versions.publish.confirmHeading", { number: confirming.number })}</h3>
              <p className="text-sm text-amber-950">{confirming.sentence}</p>
              {confirming.openComments ? <PublishWarning testId="publish-open-comments" text={t("comments.publish.openWarning", { count: confirming.openComments })} /> : null}
              {confirming.pendingSuggestions ? <PublishWarning testId="publish-pending-suggestions" text={t("suggestions.publish.pendingWarning", { count: confirming.pendingSuggestions })} /> : null}
              <input type="hidden" name="intent" value="publish" />
              <input type="hidden" name="label" value={failure.values.label} />
              <input type="hidden" name="note" value={failure.values.note} />
              <div className="flex flex-wrap gap-2">
                <Button type="submit" name="confirm" value="yes" disabled={busy} className="flex-1">{busy ? t("versions.publish.publishing") : t("versions.publish.yes", { number: confirming.number })}</Button>
                <Button type="submit" name="confirm" value="back" variant="secondary" disabled={busy}>{t("versions.publish.back")}</Button>
              </div>
            </fetcher.Form>
          ) : (
            <fetcher.Form method="post" ref={form} className="mt-3 space-y-3" noValidate>
              <input type="hidden" name="intent" value="publish" />
              <TextField label={t("versions.publish.label")} name="label" dir="auto" placeholder={t("versions.publish.labelPlaceholder")} maxLength={LABEL_MAX + 50} defaultValue={failure?.values.label} error={failure?.fieldErrors.label} />
              <TextAreaField label={t("versions.publish.note")} name="note" dir="auto" rows={3} maxLength={NOTE_MAX + 100} defaultValue={failure?.values.note} error={failure?.fieldErrors.note} placeholder={t("versions.publish.notePlaceholder")} />
              <Button type="submit" disabled={busy} className="w-full">{busy ? t("versions.publish.checking") : t("versions.publish.submit")}</Button>
              <p className="text-xs text-slate-500">{t("versions.publish.confirmFirst")}</p>
            </fetcher.Form>
          )}
        </section>
      ) : null}
    </>
  );
}
