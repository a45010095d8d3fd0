import { Form } from "@remix-run/react";
import { Button, FieldError, FormAlert, TextAreaField } from "../form";
import { useT } from "../../lib/i18n/react";
import { REASON_MAX } from "../../lib/decisions";
import type { FieldErrors } from "../../lib/validation";

export interface StanceFormProps {
  stanceChoices: Array<{ id: string; label: string; needsReason: boolean }> | null;
  options: string[];
  multiple: boolean;
  values: { stance: string; choices: number[]; reason: string };
  errors: FieldErrors;
  message: string | null;
  taken: boolean;
  busy: boolean;
}

/** Take or change one's stance (or poll answer), with a Markdown reason (required for an objection or a block). */
export function StanceForm({ stanceChoices, options, multiple, values, errors, message, taken, busy }: StanceFormProps) {
  const t = useT();
  const groupError = errors.stance ?? errors.choices;
  return (
    <Form method="post" noValidate className="space-y-4" data-testid="stance-form">
      <input type="hidden" name="intent" value="stance" />
      {message || Object.keys(errors).length ? <FormAlert message={message ?? t("decisions.stance.fixErrors")} /> : null}
      <fieldset aria-describedby={groupError ? "stance-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">{stanceChoices ? t("decisions.stance.legend") : multiple ? t("decisions.stance.pollMultiple") : t("decisions.stance.pollSingle")}</legend>
        <div className="mt-2 flex flex-wrap gap-2">
          {stanceChoices
            ? stanceChoices.map((s) => (
                <label key={s.id} className="flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 px-3 py-2 text-sm has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50">
                  <input type="radio" name="stance" value={s.id} id={`stance-${s.id}`} defaultChecked={values.stance === s.id} />
                  <span>
                    {s.label}
                    {s.needsReason ? <span className="ms-1 text-xs text-slate-500">{t("decisions.stance.reasonNeeded")}</span> : null}
                  </span>
                </label>
              ))
            : options.map((o, i) => (
                <label key={i} className="flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 px-3 py-2 text-sm has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50">
                  <input type={multiple ? "checkbox" : "radio"} name="choice" value={String(i)} id={`choice-${i}`} defaultChecked={values.choices.includes(i)} />
                  <span dir="auto">{o}</span>
                </label>
              ))}
        </div>
        <FieldError id="stance-error" message={groupError} />
      </fieldset>
      <TextAreaField
        label={t("decisions.stance.reason")}
        name="reason"
        id="stance-reason"
        rows={4}
        dir="auto"
        maxLength={REASON_MAX + 100}
        defaultValue={values.reason}
        error={errors.reason}
        hint={t("decisions.stance.reasonHint")}
      />
      <Button type="submit" disabled={busy}>
        {taken ? t("decisions.stance.change") : t("decisions.stance.submit")}
      </Button>
    </Form>
  );
}
