import type { EventFormValues } from "../../lib/calendar-schemas";
import type { MessageId } from "../../lib/i18n/messages";
import { useT } from "../../lib/i18n/react";
import { SelectField, TextAreaField, TextField } from "../form";

/** The event forms' fields: the forum's (a kind and a deadline) or a meeting's (online or in person). */
export type EventFieldValues = EventFormValues;

/** The same in every language: a web address starts so. */
const URL_PLACEHOLDER = "https://";


export function EventFields({
  variant,
  values,
  errors,
  kinds,
  modes,
  zones,
}: {
  variant: "forum" | "meeting";
  values: EventFieldValues;
  errors: Record<string, string>;
  kinds?: ReadonlyArray<{ value: string; labelId: MessageId }>;
  modes?: ReadonlyArray<{ value: string; labelId: MessageId }>;
  zones: string[];
}) {
  const t = useT();
  const zoneOptions = (zones.includes(values.time_zone) || !values.time_zone ? zones : [values.time_zone, ...zones]).map((z) => ({ id: z, label: z.replace(/_/g, " ") }));
  return (
    <div className="space-y-4">
      <TextField label={t("events.field.title")} name="title" defaultValue={values.title} error={errors.title} maxLength={200} required markRequired />
      {variant === "forum" && kinds ? (
        <SelectField
          label={t("events.field.kind")}
          name="kind"
          options={kinds.map((k) => ({ id: k.value, label: t(k.labelId) }))}
          placeholder={t("events.field.chooseKind")}
          defaultValue={values.kind}
          error={errors.kind}
          markRequired
        />
      ) : null}
      {variant === "meeting" && modes ? (
        <fieldset>
          <legend className="block text-sm font-medium text-slate-700">{t("events.field.mode")}</legend>
          <div className="mt-1 flex gap-4">
            {modes.map((m) => (
              <label key={m.value} className="flex items-center gap-2 text-sm">
                <input type="radio" name="mode" value={m.value} defaultChecked={values.mode === m.value} />
                {t(m.labelId)}
              </label>
            ))}
          </div>
          {errors.mode ? <p className="mt-1 text-sm text-red-700" role="alert">{errors.mode}</p> : null}
        </fieldset>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label={t("events.field.starts")} name="starts_at" type="datetime-local" defaultValue={values.starts_at} error={errors.starts_at} markRequired />
        <TextField
          label={t("events.field.ends")}
          name="ends_at"
          type="datetime-local"
          defaultValue={values.ends_at}
          error={errors.ends_at}
          hint={variant === "forum" ? t("events.field.endsHint") : undefined}
          markRequired
        />
      </div>
      {variant === "forum" ? (
        <TextField label={t("events.field.deadline")} name="deadline_at" type="datetime-local" defaultValue={values.deadline_at} error={errors.deadline_at} hint={t("events.field.deadlineHint")} />
      ) : null}
      <SelectField label={t("events.field.zone")} name="time_zone" options={zoneOptions} defaultValue={values.time_zone} error={errors.time_zone} hint={t("events.field.zoneHint")} markRequired />
      <TextField label={t("events.field.place")} name="location" defaultValue={values.location} error={errors.location} hint={t("events.field.placeHint")} maxLength={300} />
      <TextField
        label={t("events.field.url")}
        name="url"
        type="url"
        defaultValue={values.url}
        error={errors.url}
        hint={variant === "meeting" ? t("events.field.urlHintMeeting") : t("events.field.urlHint")}
        placeholder={URL_PLACEHOLDER}
      />
      <TextAreaField label={t("events.field.description")} name="description" rows={5} defaultValue={values.description} error={errors.description} hint={t("events.field.descriptionHint")} />
    </div>
  );
}
