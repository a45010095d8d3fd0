import { Form, Link } from "@remix-run/react";
import { useState } from "react";
import { Button, Card, FieldError, FormAlert, SelectField, TextAreaField, TextField } from "../form";
import { useT } from "../../lib/i18n/react";
import type { MessageId } from "../../lib/i18n/messages";
import { DECISION_KINDS, QUESTION_MAX } from "../../lib/decisions";
import type { FieldErrors } from "../../lib/validation";

export interface OpenFormValues {
  kind: string;
  question: string;
  deadline: string;
  zone: string;
  observers: boolean;
  visible: boolean;
  anonymous: boolean;
  onObjection: string;
  options: string;
  multiple: boolean;
}

function Check({ name, label, hint, checked }: { name: string; label: string; hint?: string; checked: boolean }) {
  return (
    <div className="flex items-start gap-2">
      <input id={`decision-${name}`} type="checkbox" name={name} value="1" defaultChecked={checked} className="mt-1 h-4 w-4" aria-describedby={hint ? `decision-${name}-hint` : undefined} />
      <div>
        <label htmlFor={`decision-${name}`} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        {hint ? (
          <p id={`decision-${name}-hint`} className="text-xs text-slate-600">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** The coordinator's form that opens a decision on a version: type, question, deadline in their zone, who takes part, visibility. */
export function OpenDecisionForm({ values, errors, message, cancelHref, annexRule }: { values: OpenFormValues; errors: FieldErrors; message: string | null; cancelHref: string; annexRule: string }) {
  const t = useT();
  const [kind, setKind] = useState(values.kind);
  return (
    <Card className="mt-4">
      <Form method="post" noValidate className="space-y-5" data-testid="open-decision-form">
        {message || Object.keys(errors).length ? <FormAlert message={message ?? t("decisions.open.fixErrors")} /> : null}
        <fieldset aria-describedby={errors.kind ? "decision-kind-error" : undefined}>
          <legend className="text-sm font-medium text-slate-800">{t("decisions.open.kind")}</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {DECISION_KINDS.map((k) => (
              <label key={k} className="flex cursor-pointer items-start gap-2 rounded-md border border-slate-200 p-3 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50">
                <input type="radio" name="kind" value={k} defaultChecked={values.kind === k} onChange={() => setKind(k)} className="mt-1" id={`decision-kind-${k}`} />
                <span>
                  <span className="block text-sm font-semibold">{t(`decisions.kind.${k}` as MessageId)}</span>
                  <span className="block text-xs text-slate-600">{t(`decisions.kindHint.${k}` as MessageId)}</span>
                </span>
              </label>
            ))}
          </div>
          <FieldError id="decision-kind-error" message={errors.kind} />
        </fieldset>
        <TextField
          label={t("decisions.open.question")}
          name="question"
          id="decision-question"
          dir="auto"
          maxLength={QUESTION_MAX + 50}
          defaultValue={values.question}
          error={errors.question}
          hint={t("decisions.open.questionHint")}
        />
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField
            label={t("decisions.open.deadline")}
            name="deadline"
            id="decision-deadline"
            type="datetime-local"
            defaultValue={values.deadline}
            error={errors.deadline}
            hint={t("decisions.open.deadlineHint", { zone: values.zone })}
          />
          <input type="hidden" name="zone" value={values.zone} />
        </div>
        {kind === "poll" ? (
          <div className="space-y-3 rounded-md border border-slate-200 p-3" data-testid="poll-settings">
            <TextAreaField label={t("decisions.open.options")} name="options" id="decision-options" rows={4} dir="auto" defaultValue={values.options} error={errors.options} hint={t("decisions.open.optionsHint")} />
            <Check name="multiple" label={t("decisions.open.multiple")} checked={values.multiple} />
          </div>
        ) : null}
        {kind === "silence" ? (
          <SelectField
            label={t("decisions.open.onObjection")}
            name="onObjection"
            id="decision-on-objection"
            defaultValue={values.onObjection}
            options={[
              { id: "end", label: t("decisions.open.onObjectionEnd") },
              { id: "restart", label: t("decisions.open.onObjectionRestart") },
            ]}
            hint={t("decisions.open.onObjectionHint")}
          />
        ) : null}
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-800">{t("decisions.open.whoAndHow")}</legend>
          <Check name="observers" label={t("decisions.open.observers")} hint={t("decisions.open.observersHint")} checked={values.observers} />
          <Check name="visible" label={t("decisions.open.visible")} hint={t("decisions.open.visibleHint")} checked={values.visible} />
          <Check name="anonymous" label={t("decisions.open.anonymous")} hint={t("decisions.open.anonymousHint")} checked={values.anonymous} />
        </fieldset>
        {kind !== "poll" ? <p className="text-xs text-slate-600">{annexRule}</p> : null}
        <div className="flex flex-wrap gap-2">
          <Button type="submit">{t("decisions.open.submit")}</Button>
          <Link to={cancelHref} className="inline-flex items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-800 no-underline shadow-sm hover:bg-slate-50">
            {t("decisions.open.cancel")}
          </Link>
        </div>
      </Form>
    </Card>
  );
}
