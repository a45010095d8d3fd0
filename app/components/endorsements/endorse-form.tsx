import { Form } from "@remix-run/react";
import type { EndorsementAnswer, EndorsementPanelData } from "../../lib/endorsement-view";
import { useT } from "../../lib/i18n/react";
import { Button, FieldError, FormAlert, SelectField, TextField } from "../form";

/**
 * Endorse as oneself, or for an organisation one declares (name, stakeholder group, region).
 * The organisation's fields are always shown (no script needed); they count only when
 * "on behalf of an organisation" is chosen. A refused form comes back with its values.
 */
export function EndorseForm({ data, answer, busy }: { data: EndorsementPanelData; answer?: EndorsementAnswer; busy: boolean }) {
  const t = useT();
  const values = answer?.values ?? {};
  const errors = answer?.fieldErrors ?? {};
  const as = values.as === "organisation" ? "organisation" : values.as === "self" ? "self" : "";
  return (
    <Form method="post" className="mt-4 space-y-3 rounded-md border border-slate-200 bg-slate-50 p-4" noValidate data-testid="endorse-form">
      <input type="hidden" name="intent" value="endorse" />
      {answer && !answer.ok ? <FormAlert message={answer.message} /> : null}
      <fieldset aria-describedby={errors.as ? "endorse-as-error" : undefined}>
        <legend className="text-sm font-semibold text-slate-800">{t("endorsements.form.legend", { number: data.versionNumber })}</legend>
        <div className="mt-2 space-y-1 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" id="endorse-as-self" name="as" value="self" defaultChecked={as !== "organisation"} />
            {t("endorsements.form.asSelf")}
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" id="endorse-as-organisation" name="as" value="organisation" defaultChecked={as === "organisation"} />
            {t("endorsements.form.asOrganisation")}
          </label>
        </div>
        <FieldError id="endorse-as-error" message={errors.as} />
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField
          id="endorse-organisation"
          label={t("endorsements.form.organisation")}
          name="organisation"
          dir="auto"
          maxLength={250}
          autoComplete="organization"
          defaultValue={values.organisation}
          error={errors.organisation}
        />
        <SelectField
          id="endorse-group"
          label={t("endorsements.form.group")}
          name="stakeholder_group"
          options={data.groups}
          placeholder={t("endorsements.form.choose")}
          defaultValue={values.stakeholder_group ?? ""}
          error={errors.stakeholder_group}
        />
        <SelectField id="endorse-region" label={t("endorsements.form.region")} name="region" options={data.regions} placeholder={t("endorsements.form.choose")} defaultValue={values.region ?? ""} error={errors.region} />
      </div>
      <p className="text-xs text-slate-500">{t("endorsements.form.organisationHint")}</p>
      <Button type="submit" disabled={busy}>
        {t("endorsements.form.submit", { number: data.versionNumber })}
      </Button>
    </Form>
  );
}
