import { Form, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { FormattedMessage, useT } from "../../lib/i18n/react";
import { POST_MAX } from "../../lib/thread-validation";
import { Button, FieldError } from "../form";
import { MentionTextarea } from "./mention-textarea";
import { PostBody } from "./post-body";

/**
 * A Markdown textarea with a server-rendered preview: the "Preview" button submits
 * intent=preview (works without JavaScript) and the action answers with sanitised HTML.
 * With JavaScript, the preview also follows the typing (the same action, through a fetcher,
 * after a pause) once the writer has asked for a preview.
 */
export function MarkdownComposer({
  id,
  intent,
  submitLabel,
  defaultBody,
  bodyError,
  preview,
  hidden,
  children,
  busy,
  resetSignal,
  label,
  rows = 6,
}: {
  id: string;
  intent: string;
  submitLabel: string;
  defaultBody?: string;
  bodyError?: string;
  preview?: string | null;
  hidden?: Record<string, string>;
  children?: ReactNode;
  busy?: boolean;
  /** Changes after a successful post: the form is cleared. */
  resetSignal?: number;
  label?: string;
  rows?: number;
}) {
  const t = useT();
  const formRef = useRef<HTMLFormElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    formRef.current?.reset();
  }, [resetSignal]);
  const bodyId = `${id}-body`;
  const fetcher = useFetcher<{ preview?: string }>({ key: `preview-${id}` });
  const [live, setLive] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const onInput = (text: string) => {
    clearTimeout(timer.current);
    if (!live && preview == null) return;
    timer.current = setTimeout(() => fetcher.submit({ intent: "preview", body: text, ...(hidden ?? {}) }, { method: "post" }), 500);
  };
  const shown = live && fetcher.data?.preview !== undefined ? fetcher.data.preview : preview;
  useEffect(() => {
    if (preview != null) setLive(true);
  }, [preview]);
  useEffect(() => {
    if (resetSignal) setLive(false);
  }, [resetSignal]);
  return (
    <Form method="post" ref={formRef} className="space-y-3" noValidate id={id} preventScrollReset>
      {Object.entries(hidden ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {children}
      <div>
        <label htmlFor={bodyId} className="block text-sm font-medium text-slate-700">
          {label ?? t("composer.label")}
        </label>
        <MentionTextarea
          id={bodyId}
          name="body"
          rows={rows}
          dir="auto"
          defaultValue={defaultBody}
          onInput={(e) => onInput(e.currentTarget.value)}
          maxLength={POST_MAX + 1000}
          aria-invalid={bodyError ? true : undefined}
          aria-describedby={`${bodyId}-hint${bodyError ? ` ${bodyId}-error` : ""}`}
          className={`mt-1 block w-full rounded-md border bg-white px-3 py-2 font-mono text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100 ${bodyError ? "border-red-500" : "border-slate-300"}`}
        />
        <p id={`${bodyId}-hint`} className="mt-1 text-xs text-slate-500">
          <FormattedMessage id="composer.hint" values={{ max: POST_MAX, example: <code>@ada_lovelace</code> }} />
        </p>
        <FieldError id={`${bodyId}-error`} message={bodyError} />
      </div>
      {shown !== undefined && shown !== null && (live || preview != null) ? (
        <section aria-label={t("composer.preview")} className="rounded-md border border-dashed border-brand-600/40 bg-brand-50/40 p-4" data-testid="preview">
          <p className="mb-2 text-xs font-semibold uppercase tracking-wide text-brand-700">{t("composer.preview")}</p>
          {shown ? <PostBody html={shown} /> : <p className="text-sm text-slate-500">{t("composer.nothingToPreview")}</p>}
        </section>
      ) : null}
      <div className="flex flex-wrap justify-end gap-2">
        <Button type="submit" name="intent" value="preview" variant="secondary" disabled={busy}>
          {t("composer.preview")}
        </Button>
        <Button type="submit" name="intent" value={intent} disabled={busy}>
          {busy ? t("composer.sending") : submitLabel}
        </Button>
      </div>
    </Form>
  );
}
